using System.Text;
using SecretsKit.Cli.IO;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// A large manifest file named to <c>validate</c> is mapped into memory, not copied (<see cref="MappedFile"/>): its
/// report is the one the same bytes get on stdin, block scalars (whose text is made when first read) included.
/// </summary>
public sealed class ValidateMappedInputTests
{
    /// <summary>Valid ConfigMaps with block scalars, then a Secret whose block-scalar value is not base64, over
    /// <see cref="MappedFile.MinLength"/> in all.</summary>
    private static string Rendering()
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length <= MappedFile.MinLength * 2; i++)
        {
            text.Append("---\n# Source: chart/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-").Append(i)
                .Append("\ndata:\n  script: |\n    #!/bin/sh\n    echo ").Append(i).Append("\n    exit 0\n");
        }
        text.Append("---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: |\n    not base64 at all!\n");
        return text.ToString();
    }

    [Fact]
    public async Task A_large_file_reports_as_its_bytes_do_on_stdin()
    {
        using var dir = new TempDir();
        var rendering = Rendering();
        dir.Write("all.yaml", rendering);
        var file = await CliRunner.RunAsync(["validate", "all.yaml"], cwd: dir.Path);
        var stdin = await CliRunner.RunAsync(["validate"], stdin: Encoding.UTF8.GetBytes(rendering));
        Assert.Equal(1, file.ExitCode);
        Assert.Contains("all.yaml: Secret db: data.password:", file.StdoutText, StringComparison.Ordinal);
        Assert.Equal(stdin.StdoutText.Replace("stdin: ", "all.yaml: ", StringComparison.Ordinal), file.StdoutText);
        Assert.Equal(stdin.ExitCode, file.ExitCode);
        Assert.Matches(@"validate: \d{3,} documents: \d{3,} valid, 1 invalid", file.StdoutText);
    }

    [Fact]
    public async Task A_pipe_named_as_a_file_is_read_as_before()
    {
        // what `secretskit validate <(helm template …)` names: a FIFO, which cannot be mapped (nor asked its length)
        using var dir = new TempDir();
        var fifo = dir.File("rendered");
        Fifo.Create(fifo);
        var rendering = Rendering();
        var writer = Task.Run(() => File.WriteAllText(fifo, rendering));
        var r = await CliRunner.RunAsync(["validate", fifo]);
        await writer;
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{fifo}: Secret db: data.password:", r.StdoutText, StringComparison.Ordinal);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void A_large_regular_file_is_mapped_with_its_bytes_and_a_small_one_or_a_device_is_read()
    {
        using var dir = new TempDir();
        var bytes = Encoding.UTF8.GetBytes(Rendering());
        var large = dir.Write("large.yaml", bytes);
        var small = dir.Write("small.yaml", "apiVersion: v1\nkind: ConfigMap\n");
        using var mapped = new MappedFiles();
        using (var stream = File.OpenRead(large))
        {
            Assert.True(mapped.TryMap(stream, bytes.Length, out var memory));
            Assert.True(memory.Span.SequenceEqual(bytes));
        }
        using (var stream = File.OpenRead(large))
        {
            Assert.False(mapped.TryMap(stream, bytes.Length - 1, out _)); // over the limit: read, and refused there
        }
        using (var stream = File.OpenRead(small))
        {
            Assert.False(mapped.TryMap(stream, bytes.Length, out _));
        }
        using (var stream = File.OpenRead("/dev/zero"))
        {
            Assert.False(mapped.TryMap(stream, bytes.Length, out _));
        }
    }
}
