using System.Text;
using System.Text.Json;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// <c>secretskit policy DIR --values …</c> on a rendered directory: the values files the manifests were rendered with,
/// one of them age-encrypted (decrypted in memory), drive SK-PLAINTEXT-001/002; SK-PLAINTEXT-003 needs no values. Text,
/// JSON and SARIF output, and none of them holds a value.
/// </summary>
public sealed class PlaintextPolicyCommandTests
{
    private const string DbPassword = "db-secret-from-sops-9f2";
    private const string ApiToken = "api-token-from-sops-77c";
    private const string SmtpPlain = "smtp-plain-in-git-31d";
    private const string Shared = "common-value-in-both";
    // an access key ID of the documented shape; not AWS's documentation example (…EXAMPLE), which is a placeholder, as gitleaks counts it
    private const string AwsKeyId = "AKIA" + "QX7ZR2LMNV4TKP3W";
    private const string GithubToken = "ghp_0123456789abcdefghijABCDEFGHIJ012345";

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private static readonly string[] Forbidden = [DbPassword, ApiToken, SmtpPlain, B64(DbPassword), B64(SmtpPlain), AwsKeyId, GithubToken, "MIIEvQIBADANBg"];

    private static string Rendered => $$$"""
        ---
        # Source: app/templates/config.yaml
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-config, namespace: shop}
        data:
          DB_URL: "postgres://app:{{{DbPassword}}}@db:5432/app"
          ENCODED: "{{{B64(DbPassword)}}}"
          SHARED: "{{{Shared}}}"
          ENABLED: "true"
          PORT: "8080"
        ---
        # Source: app/templates/deployment.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app
          namespace: shop
          annotations: {example.com/token: "{{{ApiToken}}}"}
        spec:
          selector: {matchLabels: {app: app}}
          template:
            metadata: {labels: {app: app}}
            spec:
              containers:
                - name: app
                  image: registry.example/app:1.0.0
                  args: ["--token={{{ApiToken}}}", "--port=8080"]
                  env:
                    - {name: DB_PASSWORD, value: "{{{DbPassword}}}"}
                    - name: FROM_SECRET
                      valueFrom: {secretKeyRef: {name: app, key: PASSWORD} }
        ---
        # Source: app/templates/secret.yaml
        apiVersion: v1
        kind: Secret
        metadata: {name: app, namespace: shop}
        stringData:
          PASSWORD: "{{{DbPassword}}}"
        data:
          SMTP: "{{{B64(SmtpPlain)}}}"
          TOKEN: "{{{B64(ApiToken)}}}"
        ---
        # Source: app/templates/database.yaml
        apiVersion: example.com/v1
        kind: Database
        metadata: {name: app-db, namespace: shop}
        spec:
          auth: {user: app, password: "{{{DbPassword}}}"}
        """;

    private static async Task<(TempDir Dir, Dictionary<string, string?> Env)> SetUpAsync()
    {
        var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "rendered"));
        File.WriteAllText(Path.Combine(dir.Path, "rendered", "app.yaml"), Rendered);
        File.WriteAllText(Path.Combine(dir.Path, "values.yaml"), $"replicas: 2\nenabled: \"true\"\nshared: {Shared}\nsmtp:\n  password: {SmtpPlain}\n");
        var plain = dir.Write("secrets.plain.yaml", $"db:\n  password: {DbPassword}\napi:\n  token: {ApiToken}\nflag: \"true\"\nport: 8080\nshared: {Shared}\n");
        var encrypted = Path.Combine(dir.Path, "secrets.yaml");
        var enc = await CliRunner.RunAsync(["encrypt", "--age", TestKeys.AgeRecipient, "--output", encrypted, plain], recordOutput: false);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        File.Delete(plain);
        Assert.DoesNotContain(DbPassword, File.ReadAllText(encrypted), StringComparison.Ordinal);
        return (dir, new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile });
    }

    private static void AssertNoValue(ProcessRun.Result r)
    {
        foreach (var secret in Forbidden) Assert.DoesNotContain(secret, r.Stderr + r.StdoutText, StringComparison.Ordinal);
    }

    /// <summary>The SK-… findings of a JSON report, each as <paramref name="line"/> shows it, in order.</summary>
    private static List<string> OwnFindings(string json, Func<JsonElement, string> line)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("id").GetString()!.StartsWith("SK-", StringComparison.Ordinal))
            .Select(line).Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task Decrypted_values_outside_the_Secret_and_a_Secret_from_plain_values_are_reported_in_text()
    {
        var (dir, env) = await SetUpAsync();
        using var _ = dir;
        var r = await CliRunner.RunAsync(["policy", "rendered", "--values", "values.yaml", "-f", "secrets.yaml"], env, cwd: dir.Path);
        Assert.True(r.ExitCode == 1, r.Stderr);
        const string leak = "SK-PLAINTEXT-001 (CRITICAL) Decrypted secret in plain text: holds the decrypted value of values key db.password (secrets.yaml): reference a Secret (secretKeyRef, a mounted Secret) instead of writing the value here\n";
        Assert.Contains("rendered/app.yaml: app/templates/config.yaml: ConfigMap shop/app-config: data.DB_URL: " + leak, r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("rendered/app.yaml: app/templates/deployment.yaml: Deployment shop/app: spec.template.spec.containers[0].env[0].value: " + leak, r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("rendered/app.yaml: app/templates/database.yaml: Database shop/app-db: spec.auth.password: " + leak, r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("Secret shop/app: data.SMTP: SK-PLAINTEXT-002 (CRITICAL) Secret filled from an unencrypted values file: comes from values key smtp.password (values.yaml), a values file that is not encrypted",
            r.StdoutText, StringComparison.Ordinal);
        AssertNoValue(r);
    }

    [Fact]
    public async Task Json_and_sarif_name_exactly_the_leaking_paths_and_hold_no_value()
    {
        var (dir, env) = await SetUpAsync();
        using var _ = dir;
        var r = await CliRunner.RunAsync(["policy", "rendered", "--values", "values.yaml", "--values", "secrets.yaml", "-o", "json"], env, cwd: dir.Path);
        Assert.True(r.ExitCode == 1, r.Stderr);
        AssertNoValue(r);
        var own = OwnFindings(r.StdoutText, f => $"{f.GetProperty("id").GetString()} {f.GetProperty("avdid").GetString()} {f.GetProperty("kind").GetString()} {f.GetProperty("path").GetString()}");
        // not: the Secret's stringData.PASSWORD and data.TOKEN (where secrets belong), SHARED (also in plain values), "true", 8080
        Assert.Equal(
        [
            "SK-PLAINTEXT-001 SK-PLAINTEXT-001 ConfigMap data.DB_URL",
            "SK-PLAINTEXT-001 SK-PLAINTEXT-001 ConfigMap data.ENCODED",
            "SK-PLAINTEXT-001 SK-PLAINTEXT-001 Database spec.auth.password",
            "SK-PLAINTEXT-001 SK-PLAINTEXT-001 Deployment metadata.annotations[\"example.com/token\"]",
            "SK-PLAINTEXT-001 SK-PLAINTEXT-001 Deployment spec.template.spec.containers[0].args[0]",
            "SK-PLAINTEXT-001 SK-PLAINTEXT-001 Deployment spec.template.spec.containers[0].env[0].value",
            "SK-PLAINTEXT-002 SK-PLAINTEXT-002 Secret data.SMTP",
        ], own);

        var sarif = await CliRunner.RunAsync(["policy", "rendered", "--values", "values.yaml", "--values", "secrets.yaml", "-o", "sarif"], env, cwd: dir.Path);
        Assert.True(sarif.ExitCode == 1, sarif.Stderr);
        AssertNoValue(sarif);
        using var s = JsonDocument.Parse(sarif.StdoutText);
        var results = s.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(x => x.GetProperty("ruleId").GetString()).ToList();
        Assert.Equal(6, results.Count(id => id == "SK-PLAINTEXT-001"));
        Assert.Equal(1, results.Count(id => id == "SK-PLAINTEXT-002"));
    }

    [Fact]
    public async Task Without_values_only_credential_shapes_are_found_in_ConfigMaps_and_annotations()
    {
        using var dir = new TempDir();
        var key = "-----BEGIN PRIVATE KEY-----\n    MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n    -----END PRIVATE KEY-----";
        File.WriteAllText(Path.Combine(dir.Path, "shapes.yaml"), $$$"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: shapes
              namespace: shop
              annotations: {ci.example.com/token: "{{{GithubToken}}}"}
            data:
              aws.properties: "aws.accessKeyId={{{AwsKeyId}}}"
              tls.key: |
                {{{key}}}
              note: "AKIA is a prefix; ghp_short is not a token"
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: tls, namespace: shop}
            stringData:
              tls.key: |
                {{{key}}}
            """);
        var r = await CliRunner.RunAsync(["policy", "-o", "json", dir.Path], cwd: dir.Path);
        Assert.True(r.ExitCode == 1, r.Stderr);
        AssertNoValue(r);
        var own = OwnFindings(r.StdoutText, f => $"{f.GetProperty("id").GetString()} {f.GetProperty("kind").GetString()} {f.GetProperty("path").GetString()}: {f.GetProperty("message").GetString()}");
        const string advice = ": keep credentials in a Secret (or an encrypted values file) and reference it";
        Assert.Equal(
        [
            "SK-PLAINTEXT-003 ConfigMap data[\"aws.properties\"]: holds what looks like an AWS access key ID" + advice,
            "SK-PLAINTEXT-003 ConfigMap data[\"tls.key\"]: holds what looks like a private key block" + advice,
            "SK-PLAINTEXT-003 ConfigMap metadata.annotations[\"ci.example.com/token\"]: holds what looks like a GitHub token" + advice,
        ], own);
    }
}
