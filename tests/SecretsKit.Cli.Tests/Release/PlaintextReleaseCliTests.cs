using System.Text;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// The plain-text checks of the release's policy stage over examples/helmfile rendered by the real helm 3.10.1, with the
/// staging environment's age-encrypted secrets: a decrypted value copied out of the Secret (SK-PLAINTEXT-001), a Secret
/// filled from a values file that is not encrypted (SK-PLAINTEXT-002). No run prints a secret value.
/// </summary>
public sealed class PlaintextReleaseCliTests
{
    private const string PlainSecret = "smtp-plain-in-git-5e1";

    private const string LeakyConfigMap = """
        {{- if .Values.secrets }}
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-config
          annotations:
            example.com/db: {{ .Values.secrets.DB_PASSWORD | quote }}
        data:
          DSN: {{ printf "postgres://shop:%s@db:5432/shop" .Values.secrets.DB_PASSWORD | quote }}
          TOKEN_B64: {{ .Values.secrets.API_TOKEN | b64enc | quote }}
          LOG_LEVEL: {{ .Values.logLevel | quote }}
        {{- end }}
        """;

    private static readonly string[] Forbidden =
    [
        .. HelmfileSandbox.StagingSecrets,
        .. HelmfileSandbox.StagingSecrets.Select(s => Convert.ToBase64String(Encoding.UTF8.GetBytes(s))),
        PlainSecret,
        Convert.ToBase64String(Encoding.UTF8.GetBytes(PlainSecret)),
    ];

    private static void AssertNoValue(ProcessRun.Result r)
    {
        foreach (var secret in Forbidden) Assert.DoesNotContain(secret, r.Stderr + r.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decrypted_value_in_a_ConfigMap_and_an_annotation_fails_lint_by_default_naming_path_and_values_key()
    {
        using var box = new HelmfileSandbox();
        using var real = new RealHelm();
        using var dir = new TempDir();
        File.WriteAllText(box.PathOf("charts/web/templates/configmap.yaml"), LeakyConfigMap);
        var env = ReleaseValidateCliTests.Env(box, real, dir);

        var r = await CliRunner.RunAsync(["release", "-e", "staging", "lint"], env, cwd: box.WorkDir);
        Assert.True(r.ExitCode == 1, r.Stderr);
        const string at = "  | release shop-staging/api: web/templates/configmap.yaml: ConfigMap shop-staging/api-config: ";
        const string fix = ": reference a Secret (secretKeyRef, a mounted Secret) instead of writing the value here\n";
        Assert.Contains(at + "data.DSN: SK-PLAINTEXT-001 (CRITICAL) Decrypted secret in plain text: holds the decrypted value of values key database.password (environments/staging/secrets.yaml)" + fix,
            r.Stderr, StringComparison.Ordinal);
        Assert.Contains(at + "data.TOKEN_B64: SK-PLAINTEXT-001 (CRITICAL) Decrypted secret in plain text: holds the base64-encoded decrypted value of values key apiToken (environments/staging/secrets.yaml)" + fix,
            r.Stderr, StringComparison.Ordinal);
        Assert.Contains(at + "metadata.annotations[\"example.com/db\"]: SK-PLAINTEXT-001 (CRITICAL)", r.Stderr, StringComparison.Ordinal);
        // the Secret's own data holds the same values: that is where they belong
        Assert.DoesNotContain("Secret shop-staging/api: data.", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, r.Stderr.Split('\n').Count(l => l.Contains("SK-PLAINTEXT-001", StringComparison.Ordinal)));
        AssertNoValue(r);

        // the ID is ignorable as Trivy's are
        File.WriteAllText(box.PathOf(".trivyignore"), "# the DSN is reviewed\nSK-PLAINTEXT-001\n");
        var ignored = await CliRunner.RunAsync(["release", "-e", "staging", "lint"], env, cwd: box.WorkDir);
        Assert.True(ignored.ExitCode == 0, ignored.Stderr);
        AssertNoValue(ignored);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task Values_from_ref_references_and_the_releases_own_secrets_file_are_traced_to_their_keys()
    {
        const string recipient = "age1vxlnaw8u4vgv2z0r77m3y0t553ndhz4njg3a5rfwwwwxx5e964vs778sfl"; // examples/keys/age-example.txt
        string[] secrets = ["ref-token-from-sops-a41", "ref-other-from-sops-b52", "release-webhook-secret-c63"];
        using var box = new HelmfileSandbox();
        using var real = new RealHelm();
        using var dir = new TempDir();
        foreach (var (name, text) in new[] { ("refs.enc.yaml", $"token: {secrets[0]}\nother: {secrets[1]}\n"), ("secrets/api.yaml", $"webhook: {secrets[2]}\n") })
        {
            var plain = dir.Write("plain.yaml", text);
            Directory.CreateDirectory(Path.GetDirectoryName(box.PathOf(name))!);
            var enc = await CliRunner.RunAsync(["encrypt", "--age", recipient, "--output", box.PathOf(name), plain], recordOutput: false);
            Assert.True(enc.ExitCode == 0, enc.Stderr);
        }
        // the release's own secrets file is for the demo key: a creation rule says so (else the recipient check refuses it)
        File.AppendAllText(box.PathOf(".sops.yaml"), $"  - path_regex: secrets/api\\.yaml$\n    age: {recipient}\n");
        File.WriteAllText(box.PathOf("values/extra.yaml"), "extra:\n  token: ref+sops://refs.enc.yaml#/token\n");
        box.Edit("helmfile.yaml", "      - values/api.yaml.gotmpl\n", "      - values/api.yaml.gotmpl\n      - values/extra.yaml\n");
        box.Edit("helmfile.yaml", "    set:\n      - name: image.tag\n",
            "    secrets:\n      - secrets/api.yaml\n    set:\n      - name: extra.other\n        value: ref+sops://refs.enc.yaml#/other\n      - name: image.tag\n");
        File.WriteAllText(box.PathOf("charts/web/templates/extra.yaml"), """
            {{- if .Values.extra }}
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-extra
            data:
              FROM_VALUES_REF: {{ .Values.extra.token | quote }}
              FROM_SET_REF: {{ .Values.extra.other | quote }}
              FROM_RELEASE_SECRETS: {{ .Values.webhook | quote }}
            {{- end }}
            """);
        var env = ReleaseValidateCliTests.Env(box, real, dir);

        var r = await CliRunner.RunAsync(["release", "-e", "staging", "lint"], env, cwd: box.WorkDir);
        Assert.True(r.ExitCode == 1, r.Stderr);
        const string at = "  | release shop-staging/api: web/templates/extra.yaml: ConfigMap shop-staging/api-extra: ";
        Assert.Contains(at + "data.FROM_VALUES_REF: SK-PLAINTEXT-001 (CRITICAL) Decrypted secret in plain text: holds the decrypted value of values key extra.token (values/extra.yaml (ref+)):", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(at + "data.FROM_SET_REF: SK-PLAINTEXT-001 (CRITICAL) Decrypted secret in plain text: holds the decrypted value of values key extra.other (set extra.other (ref+)):", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(at + "data.FROM_RELEASE_SECRETS: SK-PLAINTEXT-001 (CRITICAL) Decrypted secret in plain text: holds the decrypted value of values key webhook (secrets/api.yaml):", r.Stderr, StringComparison.Ordinal);
        AssertNoValue(r);
        foreach (var secret in secrets) Assert.DoesNotContain(secret, r.Stderr + r.StdoutText, StringComparison.Ordinal);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task A_Secret_filled_from_a_plain_values_file_fails_by_default_and_the_encrypted_ones_and_plain_hosts_do_not()
    {
        using var box = new HelmfileSandbox();
        using var real = new RealHelm();
        using var dir = new TempDir();
        File.WriteAllText(box.PathOf("values/plain-secrets.yaml"), $"secrets:\n  SMTP_PASSWORD: {PlainSecret}\n  SMTP_HOST: smtp.mail.example.com\n");
        box.Edit("helmfile.yaml", "      - values/api.yaml.gotmpl\n", "      - values/api.yaml.gotmpl\n      - values/plain-secrets.yaml\n");
        var env = ReleaseValidateCliTests.Env(box, real, dir);

        // a secret in Git in plain text fails the default pipeline (CRITICAL)
        var r = await CliRunner.RunAsync(["release", "-e", "staging", "lint"], env, cwd: box.WorkDir);
        Assert.True(r.ExitCode == 1, r.Stderr);
        Assert.Contains("  | release shop-staging/api: web/templates/secret.yaml: Secret shop-staging/api: data.SMTP_PASSWORD: SK-PLAINTEXT-002 (CRITICAL) "
            + "Secret filled from an unencrypted values file: comes from values key secrets.SMTP_PASSWORD (values/plain-secrets.yaml), a values file that is not encrypted: "
            + "move the value to an encrypted secrets file (secretskit enc) or a ref+ reference\n", r.Stderr, StringComparison.Ordinal);
        // DB_PASSWORD and API_TOKEN reach the Secret through a rendered .gotmpl, but they were decrypted; SMTP_HOST is a
        // host name under a host key, no secret: no finding
        Assert.Single(r.Stderr.Split('\n'), l => l.Contains("SK-PLAINTEXT-002", StringComparison.Ordinal));
        AssertNoValue(r);

        // reviewed and accepted by ID, as Trivy's findings are
        File.WriteAllText(box.PathOf(".trivyignore"), "# SMTP relay password, rotated by the mail team (reviewed 2026-11)\nSK-PLAINTEXT-002\n");
        var ignored = await CliRunner.RunAsync(["release", "-e", "staging", "lint"], env, cwd: box.WorkDir);
        Assert.True(ignored.ExitCode == 0, ignored.Stderr);
        AssertNoValue(ignored);
        box.AssertNoPlaintextLeft();
    }
}
