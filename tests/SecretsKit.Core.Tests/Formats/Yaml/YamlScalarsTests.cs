using System.Globalization;
using System.Text;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Go.Json;
using SecretsKit.Go.Strconv;

namespace SecretsKit.Core.Tests.Formats.Yaml;

/// <summary>
/// <see cref="YamlScalars"/>' three dialects against the real Go libraries over one table of plain scalars
/// (yaml-scalars.table): gopkg.in/yaml.v2, gopkg.in/yaml.v3 and sigs.k8s.io/yaml, as the oracle program
/// tests/fixtures/yaml-scalars-oracle prints them. Its output is committed (yaml-scalars.expected, written by
/// tests/peers/yaml-scalars.sh --write); when scripts/setup.sh has built the oracle, it is run too and must still agree.
/// </summary>
public sealed class YamlScalarsTests
{
    private static string Here => Path.Combine(SharedFixtures.RepositoryRoot, "tests", "SecretsKit.Core.Tests", "Formats", "Yaml");

    private static string OracleDirectory =>
        Environment.GetEnvironmentVariable("YAML_SCALARS_ORACLE_DIR") is { Length: > 0 } dir ? dir : Path.Combine(SharedFixtures.RepositoryRoot, ".tools", "yaml-scalars-oracle");

    /// <summary>The table's rows as the oracle reads them: comments dropped, <c>&lt;empty&gt;</c> for the empty scalar.</summary>
    private static List<string> Rows() =>
        File.ReadAllLines(Path.Combine(Here, "yaml-scalars.table")).Where(l => l != "#" && !l.StartsWith("# ", StringComparison.Ordinal)).ToList();

    [Fact]
    public void Every_dialect_types_every_row_as_the_committed_go_output()
    {
        var expected = File.ReadAllLines(Path.Combine(Here, "yaml-scalars.expected"));
        AssertAgrees(expected, "yaml-scalars.expected");
    }

    [Fact]
    public async Task Every_dialect_types_every_row_as_the_go_libraries_do_now()
    {
        var oracle = Path.Combine(OracleDirectory, "oracle");
        // without the oracle built (scripts/setup.sh), the committed output above is what holds the dialects to Go
        if (!File.Exists(oracle)) return;
        var table = Encoding.UTF8.GetBytes(string.Join('\n', Rows()) + "\n");
        var run = await ProcessRun.RunAsync(oracle, [], stdin: table, timeout: TimeSpan.FromMinutes(2));
        Assert.Equal(0, run.ExitCode);
        var lines = run.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(File.ReadAllLines(Path.Combine(Here, "yaml-scalars.expected")), lines);
        AssertAgrees(lines, "the Go oracle");
    }

    private static void AssertAgrees(IReadOnlyList<string> goLines, string source)
    {
        var rows = Rows();
        Assert.True(rows.Count >= 200, $"the table holds {rows.Count} rows");
        Assert.Equal(rows.Count, goLines.Count);
        var wrong = new List<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            var scalar = rows[i] == "<empty>" ? "" : rows[i];
            var ours = $"{rows[i]}\t{Kind(YamlScalars.GoYamlV2(scalar))}\t{Kind(YamlScalars.GoYamlV3(scalar))}\t{Json(YamlScalars.KubernetesJson(scalar), scalar)}";
            if (ours != goLines[i]) wrong.Add($"  Go:   {goLines[i]}\n  ours: {ours}");
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {rows.Count} rows differ from {source} (scalar, yaml.v2, yaml.v3, sigs.k8s.io/yaml):\n{string.Join('\n', wrong)}");
    }

    /// <summary>The oracle's spelling of a go-yaml value: <c>null</c>, <c>bool:true</c>, <c>int:N</c>, <c>uint:N</c>, <c>float:G</c>, <c>timestamp:RFC3339Nano</c>, <c>string</c>.</summary>
    private static string Kind(YamlScalar s) => s.Kind switch
    {
        YamlResolvedKind.Null => "null",
        YamlResolvedKind.Bool => s.Bool ? "bool:true" : "bool:false",
        YamlResolvedKind.Int => "int:" + s.Int.ToString(CultureInfo.InvariantCulture),
        YamlResolvedKind.UInt64 => "uint:" + s.UInt.ToString(CultureInfo.InvariantCulture),
        YamlResolvedKind.Float => "float:" + GoFloat.FormatYaml(s.Float),
        YamlResolvedKind.Timestamp => "timestamp:" + YamlTimestamp.FormatRfc3339Nano(s.Time!),
        _ => "string",
    };

    /// <summary>What Go's encoding/json writes for the value YAMLToJSON holds, or <c>error</c> for a non-finite float.</summary>
    private static string Json(YamlScalar s, string text)
    {
        if (s.Kind == YamlResolvedKind.Float && !double.IsFinite(s.Float)) return "error";
        var bytes = new MemoryStream();
        var writer = new GoJsonWriter(bytes);
        switch (s.Kind)
        {
            case YamlResolvedKind.Null: return "json:null";
            case YamlResolvedKind.Bool: return s.Bool ? "json:true" : "json:false";
            case YamlResolvedKind.Int: writer.WriteNumberValue(s.Int); break;
            case YamlResolvedKind.UInt64: writer.WriteNumberValue(s.UInt); break;
            case YamlResolvedKind.Float: writer.WriteNumberValue(s.Float); break;
            default: writer.WriteStringValue(text); break;
        }
        writer.Finish();
        return "json:" + Encoding.UTF8.GetString(bytes.ToArray());
    }
}
