using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>The suite-wide secret grep (scripts/check-transcripts.sh) and the exemption rule of the transcript.</summary>
public sealed class TranscriptCheckTests
{
    private const string ExampleRecipient = "age1vxlnaw8u4vgv2z0r77m3y0t553ndhz4njg3a5rfwwwwxx5e964vs778sfl";
    private const string Planted = "planted-secret-9931";
    private const string PlantedJson = "planted-json-token-77";

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "check-transcripts.sh"))) return dir.FullName;
        }
        throw new InvalidOperationException("scripts/check-transcripts.sh not found above the test binaries");
    }

    private static async Task<string> ExamplesAsync(TempDir dir)
    {
        var examples = Directory.CreateDirectory(dir.File("examples/app")).Parent!.FullName;
        var yaml = dir.Write("examples/app/secrets.yaml", $"db:\n    password: {Planted}\n    port: 5432\nshort: abc\n");
        var json = dir.Write("examples/app/token.json", $"{{\"token\": \"{PlantedJson}\"}}\n");
        dir.Write("examples/app/plain.yaml", "not: a-sops-file-value\n");
        foreach (var f in new[] { yaml, json })
        {
            var enc = await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", ExampleRecipient, f });
            Assert.True(enc.ExitCode == 0, enc.Stderr);
        }
        return examples;
    }

    private static Task<ProcessRun.Result> CheckAsync(string examples, string transcripts) =>
        ProcessRun.RunAsync("bash", new[]
        {
            Path.Combine(RepoRoot(), "scripts", "check-transcripts.sh"), "--examples", examples, "--transcripts", transcripts,
            "--cli", Path.Combine(AppContext.BaseDirectory, "secretskit.dll"),
        }, new Dictionary<string, string?> { ["SECRETSKIT_TEST_TRANSCRIPTS"] = null }, timeout: TimeSpan.FromMinutes(2));

    [Fact]
    public async Task The_checker_fails_naming_the_entry_when_a_planted_example_value_is_in_non_exempt_output_and_passes_otherwise()
    {
        using var dir = new TempDir();
        var examples = await ExamplesAsync(dir);
        var transcripts = Directory.CreateDirectory(dir.File("transcripts")).FullName;
        File.WriteAllText(Path.Combine(transcripts, "clean.transcript"),
            TranscriptLog.Format(1, new[] { "decrypt", "secrets.yaml" }, $"db:\n    password: {Planted}\n", "")
            + TranscriptLog.Format(2, new[] { "helm", "template", "c", "--show-secrets" }, $"token: {PlantedJson}\n", "")
            + TranscriptLog.Format(3, new[] { "encrypt", "-i", "x.yaml" }, "", "a-sops-file-value is not an example secret\n"));

        var clean = await CheckAsync(examples, transcripts);
        Assert.True(clean.ExitCode == 0, clean.StdoutText + clean.Stderr);
        Assert.Contains("2 SOPS example file(s)", clean.StdoutText, StringComparison.Ordinal);

        var leaky = Path.Combine(transcripts, "leaky.transcript");
        File.WriteAllText(leaky,
            TranscriptLog.Format(1, new[] { "filestatus", "s.yaml" }, "{\"encrypted\":true}\n", "")
            + TranscriptLog.Format(2, new[] { "helm", "upgrade", "rel", "c" }, "", $"error: bad value near 'x{PlantedJson}y'\n"));
        var failed = await CheckAsync(examples, transcripts);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains($"{leaky} entry=2 verb=helm", failed.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("entry=1", failed.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(PlantedJson, failed.StdoutText + failed.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Planted, failed.StdoutText + failed.Stderr, StringComparison.Ordinal);

        File.WriteAllText(leaky, TranscriptLog.Format(1, new[] { "set", "s.yaml", "[\"a\"]", "\"b\"" }, $"{Planted}\n", ""));
        var yamlValue = await CheckAsync(examples, transcripts);
        Assert.Equal(1, yamlValue.ExitCode);
        Assert.Contains($"{leaky} entry=1 verb=set", yamlValue.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("decrypt", "decrypt s.yaml")]
    [InlineData("view", "--config c.yaml view s.yaml")]
    [InlineData("exec-env", "exec-env s.yaml env")]
    [InlineData("-d", "-d s.yaml")]
    [InlineData("--show-secrets", "release diff --show-secrets")]
    [InlineData("helm secrets decrypt", "helm secrets decrypt s.yaml")]
    [InlineData(null, "encrypt -i s.yaml")]
    [InlineData(null, "helm upgrade rel c -f s.yaml")]
    [InlineData(null, "set s.yaml [\"a\"] decrypt")]
    [InlineData(null, "exec-env-like s.yaml")]
    public void Invocations_are_exempt_only_by_verb_or_flag(string? reason, string commandLine)
    {
        Assert.Equal(reason, TranscriptLog.ExemptionFor(commandLine.Split(' ')));
    }

    [Fact]
    public async Task Every_cli_run_lands_in_this_process_transcript_with_its_exemption()
    {
        var marker = "transcript-marker-" + Guid.NewGuid().ToString("N");
        await CliRunner.RunAsync(new[] { "filestatus", marker });
        var file = TranscriptLog.CurrentFile;
        if (Environment.GetEnvironmentVariable(TranscriptLog.EnvironmentVariable) is { Length: > 0 } configured)
            Assert.Equal(Path.GetFullPath(configured), Path.GetDirectoryName(Path.GetFullPath(file)));
        Assert.EndsWith($"-{Environment.ProcessId}.transcript", file, StringComparison.Ordinal);
        var text = File.ReadAllText(file);
        var at = text.IndexOf("@@@ args filestatus " + marker, StringComparison.Ordinal);
        Assert.True(at > 0);
        Assert.Contains("exempt=no verb=filestatus", text[..at], StringComparison.Ordinal);
    }
}
