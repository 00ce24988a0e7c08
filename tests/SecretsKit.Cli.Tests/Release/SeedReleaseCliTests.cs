using System.Text;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// The production guide's layout (tests/fixtures/seed-release): <c>environments/&lt;env&gt;/secrets.yaml</c> encrypted
/// whole, so the pull Secret's name and the database host are decrypted with the password and the Stripe key. The
/// release lints clean with both real helms (the name in <c>imagePullSecrets</c> and the host in a ConfigMap are no
/// leaks), and every real leak added to the chart still fails it. No run prints a secret value.
/// </summary>
public sealed class SeedReleaseCliTests
{
    internal const string Layout = "tests/fixtures/seed-release";

    internal static readonly string[] StagingSecrets = ["demo-seed-staging-db-password-4c1", "sk_test_demo_seed_staging_not_real_7e2"];

    private const string ExampleRecipient = "age1vxlnaw8u4vgv2z0r77m3y0t553ndhz4njg3a5rfwwwwxx5e964vs778sfl"; // examples/keys/age-example.txt

    private const string KeyLine = "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkDemoSeedNotARealKey0a1b2c3";

    private const string Leaks = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-leaks
          annotations:
            example.com/stripe: {{ .Values.apiKeys.stripe | quote }}
        data:
          DSN: {{ printf "postgres://shop:%s@%s/shop" .Values.database.password .Values.database.host | quote }}
          TLS_KEY_LINE: {{ index (splitList "\n" .Values.tls.key) 1 | quote }}
        binaryData:
          password.bin: {{ .Values.database.password | b64enc | quote }}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{ .Release.Name }}-migrate
        spec:
          restartPolicy: Never
          containers:
            - name: migrate
              image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
              env:
                - name: DATABASE_PASSWORD
                  value: {{ .Values.database.password | quote }}
        """;

    private static readonly string[] Forbidden =
    [
        .. StagingSecrets,
        Convert.ToBase64String(Encoding.UTF8.GetBytes(StagingSecrets[0])),
        KeyLine,
    ];

    private static void AssertNoValue(ProcessRun.Result r)
    {
        foreach (var secret in Forbidden) Assert.DoesNotContain(secret, r.Stderr + r.StdoutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task The_production_guides_whole_file_encrypted_secrets_lint_clean(string helmVersion)
    {
        using var box = new HelmfileSandbox(Layout, StagingSecrets);
        using var real = new RealHelm(version: helmVersion);
        using var dir = new TempDir();
        var env = ReleaseValidateCliTests.Env(box, real, dir);

        // the default pipeline: no SK-PLAINTEXT finding, only the one MEDIUM finding below CRITICAL as a warning
        var lint = await CliRunner.RunAsync(["release", "-e", "staging", "lint"], env, cwd: box.WorkDir);
        Assert.True(lint.ExitCode == 0, lint.Stderr);
        Assert.DoesNotContain("SK-PLAINTEXT", lint.Stderr, StringComparison.Ordinal);
        Assert.Contains("secretskit: warning: release shop-staging/shop: policy: 1 finding below --policy-severity CRITICAL: KSV0125 (MEDIUM); "
            + "--policy-severity MEDIUM,CRITICAL reports them\n", lint.Stderr, StringComparison.Ordinal);
        AssertNoValue(lint);

        // every severity, with the company registry trusted: not one finding, in either environment
        foreach (var environment in new[] { "staging", "prod" })
        {
            var all = await CliRunner.RunAsync(["release", "-e", environment, "--policy-severity", "LOW,MEDIUM,HIGH,CRITICAL",
                "--policy-trusted-registry", "registry.example.com", "lint"], env, cwd: box.WorkDir);
            Assert.True(all.ExitCode == 0, all.Stderr);
            Assert.DoesNotContain("policy failed", all.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("warning", all.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("  | ", all.Stderr, StringComparison.Ordinal);
            AssertNoValue(all);
            Assert.DoesNotContain("demo-seed-prod-db-password-9d3", all.Stderr + all.StdoutText, StringComparison.Ordinal);
        }
        box.AssertNoPlaintextLeft();
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Real_leaks_of_the_same_file_still_fail_and_the_names_beside_them_do_not(string helmVersion)
    {
        using var box = new HelmfileSandbox(Layout, [.. StagingSecrets, KeyLine]);
        using var real = new RealHelm(version: helmVersion);
        using var dir = new TempDir();
        var plain = dir.Write("tls.yaml", $"tls:\n  key: |\n    -----BEGIN PRIVATE KEY-----\n    {KeyLine}\n    MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjDemoSecondLine\n    -----END PRIVATE KEY-----\n");
        // the new secrets file is governed by a creation rule, as the release's recipient check requires (SK-RECIPIENT-001)
        box.Edit(".sops.yaml", @"path_regex: environments/[^/]+/secrets\.yaml$", @"path_regex: environments/[^/]+/(secrets|tls)\.yaml$");
        var enc = await CliRunner.RunAsync(["encrypt", "--age", ExampleRecipient, "--output", box.PathOf("environments/staging/tls.yaml"), plain], recordOutput: false);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        box.Edit("helmfile.yaml", "      - environments/{{ .Environment.Name }}/secrets.yaml\n",
            "      - environments/{{ .Environment.Name }}/secrets.yaml\n      - environments/{{ .Environment.Name }}/tls.yaml\n");
        File.WriteAllText(box.PathOf("charts/shop/templates/leaks.yaml"), Leaks);
        var env = ReleaseValidateCliTests.Env(box, real, dir);

        var r = await CliRunner.RunAsync(["release", "-e", "staging", "lint"], env, cwd: box.WorkDir);

        Assert.True(r.ExitCode == 1, r.Stderr);
        Assert.Contains("secretskit: release shop-staging/shop: policy failed\n", r.Stderr, StringComparison.Ordinal);
        const string map = "  | release shop-staging/shop: shop/templates/leaks.yaml: ConfigMap shop-staging/shop-leaks: ";
        const string leak = "SK-PLAINTEXT-001 (CRITICAL) Decrypted secret in plain text: holds ";
        Assert.Contains(map + "data.DSN: " + leak + "the decrypted value of values key database.password (environments/staging/secrets.yaml):", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(map + "data.TLS_KEY_LINE: " + leak + "a line of the decrypted value of values key tls.key (environments/staging/tls.yaml):", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(map + "binaryData[\"password.bin\"]: " + leak + "the base64-encoded decrypted value of values key database.password", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(map + "metadata.annotations[\"example.com/stripe\"]: " + leak + "the decrypted value of values key apiKeys.stripe", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("  | release shop-staging/shop: shop/templates/leaks.yaml: Pod shop-staging/shop-migrate: spec.containers[0].env[0].value: " + leak
            + "the decrypted value of values key database.password", r.Stderr, StringComparison.Ordinal);
        // exactly these five: the pull Secret's name, the host in the seed's ConfigMap and the image are no leaks
        Assert.Equal(5, r.Stderr.Split('\n').Count(l => l.Contains("SK-PLAINTEXT-001", StringComparison.Ordinal)));
        Assert.DoesNotContain("imagePullSecrets", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("DATABASE_HOST", r.Stderr, StringComparison.Ordinal);
        AssertNoValue(r);
        box.AssertNoPlaintextLeft();
    }
}
