using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// The release's policy stage over a chart's NOTES.txt (which <c>helm template</c> does not print), on examples/helmfile
/// rendered by the real helms with the staging environment's age-encrypted secrets: a decrypted value echoed in NOTES.txt
/// is SK-PLAINTEXT-001 naming the release, the template, the line and the values key; plain values in NOTES.txt are not.
/// No run prints a secret value, and the manifests are what the chart renders without the stand-in.
/// </summary>
public sealed class NotesPlaintextReleaseCliTests
{
    private const string LeakyNotes = """
        Installed {{ .Release.Name }}.
        {{- if .Values.secrets }}
        Connect with: psql "postgres://{{ .Values.database.user | default "shop" }}:{{ .Values.secrets.DB_PASSWORD }}@db/shop"
        {{- end }}
        Log level: {{ .Values.logLevel }}
        """;

    private const string PlainNotes = """
        Installed {{ .Release.Name }} in {{ .Release.Namespace }}.
        Log level: {{ .Values.logLevel }}; the password is in the Secret {{ .Release.Name }}.
        """;

    private static void AssertNoValue(ProcessRun.Result r)
    {
        foreach (var secret in HelmfileSandbox.StagingSecrets) Assert.DoesNotContain(secret, r.Stderr + r.StdoutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task A_decrypted_value_echoed_in_NOTES_txt_fails_lint_naming_release_template_line_and_values_key(string helmVersion)
    {
        using var box = new HelmfileSandbox();
        using var real = new RealHelm(version: helmVersion);
        using var dir = new TempDir();
        File.WriteAllText(box.PathOf("charts/web/templates/NOTES.txt"), LeakyNotes);
        var env = ReleaseValidateCliTests.Env(box, real, dir);

        var r = await CliRunner.RunAsync(["release", "-e", "staging", "lint"], env, cwd: box.WorkDir);

        Assert.True(r.ExitCode == 1, r.Stderr);
        Assert.Contains("secretskit: release shop-staging/api: policy failed\n", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("  | release shop-staging/api: web/templates/NOTES.txt: NOTES: line 2: SK-PLAINTEXT-001 (CRITICAL) Decrypted secret in plain text: "
            + "holds the decrypted value of values key database.password (environments/staging/secrets.yaml): helm prints NOTES.txt after install and upgrade "
            + "and in helm status; name the Secret that holds the value instead\n", r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.Split('\n'), l => l.Contains("SK-PLAINTEXT-001", StringComparison.Ordinal));
        AssertNoValue(r);

        // the same release with the policy stage off passes: the stand-in never reaches validate or the manifests
        var skipped = await CliRunner.RunAsync(["release", "-e", "staging", "--skip-policy", "lint"], env, cwd: box.WorkDir);
        Assert.True(skipped.ExitCode == 0, skipped.Stderr);
        AssertNoValue(skipped);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task NOTES_txt_with_plain_values_only_gives_no_finding_and_the_rendering_holds_no_stand_in()
    {
        using var box = new HelmfileSandbox();
        using var real = new RealHelm();
        using var dir = new TempDir();
        File.WriteAllText(box.PathOf("charts/web/templates/NOTES.txt"), PlainNotes);
        var env = ReleaseValidateCliTests.Env(box, real, dir);

        var lint = await CliRunner.RunAsync(["release", "-e", "staging", "--policy-severity", "LOW,MEDIUM,HIGH,CRITICAL", "lint"], env, cwd: box.WorkDir);
        Assert.DoesNotContain("SK-PLAINTEXT", lint.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("NOTES", lint.Stderr, StringComparison.Ordinal);
        AssertNoValue(lint);

        var template = await CliRunner.RunAsync(["release", "-e", "staging", "template"], env, cwd: box.WorkDir);
        Assert.True(template.ExitCode == 0, template.Stderr);
        Assert.Contains("# Source: web/templates/deployment.yaml", template.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("secretskit-text", template.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("secretskitText", template.StdoutText, StringComparison.Ordinal);
        AssertNoValue(template);
        box.AssertNoPlaintextLeft();
    }
}
