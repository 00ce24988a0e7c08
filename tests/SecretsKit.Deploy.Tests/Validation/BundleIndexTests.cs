using System.Diagnostics;
using System.Text;
using System.Text.Json;
using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Testing.Common;

namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>
/// The built-in bundle's index (<see cref="BundleIndex"/>): each embedded index must say exactly where a real JSON
/// reader (<see cref="Utf8JsonReader"/>) finds each top-level section and each schema of its bundle, list every schema,
/// and be what <c>scripts/k8s-schemas/bundle.py --index</c> writes for that bundle; a malformed index is refused.
/// </summary>
public sealed class BundleIndexTests
{
    [Fact]
    public void The_built_in_minors_are_the_bundles_and_indexes_the_assembly_embeds_and_each_bundle_is_its_gzipped_source()
    {
        const string prefix = "SecretsKit.Deploy.Validation.Schemas.k8s-";
        var names = typeof(ManifestValidator).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        string[] Minors(string extension) =>
            [.. names.Where(n => n.EndsWith(extension, StringComparison.Ordinal)).Select(n => n[prefix.Length..^extension.Length])
                .OrderBy(m => BuiltinSchemas.ParseMinor(m))];
        Assert.Equal(names.Count, Minors(".json").Length * 2);
        Assert.Equal(Minors(".json"), BuiltinSchemas.Available);
        Assert.Equal(Minors(".index"), BuiltinSchemas.Available);
        Assert.Equal(BuiltinSchemas.Available[^1], BuiltinSchemas.MinorFor(null)); // the newest is the default
        var schemas = Path.Combine(SharedFixtures.RepositoryRoot, "src", "SecretsKit.Deploy", "Validation", "Schemas");
        Assert.Equal(Minors(".json"), Directory.GetFiles(schemas, "k8s-*.json.gz").Select(f => Path.GetFileName(f)[4..^8]).OrderBy(m => BuiltinSchemas.ParseMinor(m)));
        foreach (var minor in BuiltinSchemas.Available)
        {
            // the build embeds the repository's gzipped bundle inflated, byte for byte
            using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(Path.Combine(schemas, $"k8s-{minor}.json.gz")), System.IO.Compression.CompressionMode.Decompress);
            using var inflated = new MemoryStream();
            gzip.CopyTo(inflated);
            Assert.Equal(inflated.ToArray(), BuiltinSchemas.Bundle(minor));
        }
    }

    [Theory]
    [InlineData("1.32")]
    [InlineData("1.35")]
    public void Every_section_and_schema_of_the_embedded_bundle_lies_where_a_JSON_reader_finds_it(string minor)
    {
        var bytes = BuiltinSchemas.Bundle(minor);
        var (sections, schemas) = BundleIndex.Read(BuiltinSchemas.IndexFile(minor), bytes.Length, minor);
        var top = Reference(bytes, 0);
        Assert.Equal(top.ToDictionary(p => p.Name, p => (p.Start, p.End - p.Start)), sections);
        var reference = Reference(bytes, top.Single(p => p.Name == "schemas").Start);
        Assert.True(reference.Count > 600, $"{reference.Count} schemas");
        Assert.Equal(reference.ToDictionary(p => p.Name, p => (p.Start, p.End - p.Start)), schemas);
    }

    [Theory]
    [InlineData("1.32")]
    [InlineData("1.35")]
    public void The_embedded_index_is_what_the_bundle_script_writes_for_its_bundle(string minor)
    {
        var work = Directory.CreateTempSubdirectory("bundle-index-");
        try
        {
            var bundle = Path.Combine(work.FullName, $"k8s-{minor}.json.gz");
            File.Copy(Path.Combine(SharedFixtures.RepositoryRoot, "src", "SecretsKit.Deploy", "Validation", "Schemas", $"k8s-{minor}.json.gz"), bundle);
            var script = Path.Combine(SharedFixtures.RepositoryRoot, "scripts", "k8s-schemas", "bundle.py");
            using var python = Process.Start(new ProcessStartInfo("python3", [script, "--index", bundle]) { RedirectStandardError = true })!;
            var error = python.StandardError.ReadToEnd();
            python.WaitForExit();
            Assert.True(python.ExitCode == 0, error);
            Assert.Equal(BuiltinSchemas.IndexFile(minor), File.ReadAllBytes(Path.ChangeExtension(Path.ChangeExtension(bundle, null), ".index")));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("@kinds 1 2")]
    [InlineData("a 1\n")]
    [InlineData("a 1 2 3\n")]
    [InlineData(" 1 2\n")]
    [InlineData("@ 1 2\n")]
    [InlineData("a x 2\n")]
    [InlineData("a -1 2\n")]
    [InlineData("a 1 0\n")]
    [InlineData("a 1 +2 \n")]
    [InlineData("a 99 2\n")]
    [InlineData("a 2147483647 2\n")]
    public void A_malformed_index_is_refused(string index)
    {
        var e = Assert.Throws<SchemaException>(() => BundleIndex.Read(Encoding.UTF8.GetBytes(index), 100, "1.35"));
        Assert.StartsWith("built-in schemas for Kubernetes 1.35: their index is malformed at line ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_well_formed_index_is_read_as_written()
    {
        var (sections, schemas) = BundleIndex.Read("@kinds 1 10\n@source 90 10\nio.k8s.A 11 5\n"u8, 100, "1.35");
        Assert.Equal(new Dictionary<string, (int, int)> { ["kinds"] = (1, 10), ["source"] = (90, 10) }, sections);
        Assert.Equal(new Dictionary<string, (int, int)> { ["io.k8s.A"] = (11, 5) }, schemas);
    }

    // A real reader's answer: each property of the object at start, its name and its value's start and end.
    private static List<(string Name, int Start, int End)> Reference(byte[] json, int start)
    {
        var reader = new Utf8JsonReader(json.AsSpan(start));
        reader.Read();
        var found = new List<(string, int, int)>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var from = start + (int)reader.TokenStartIndex;
            reader.Skip();
            found.Add((name, from, start + (int)reader.BytesConsumed));
        }
        return found;
    }
}
