using System.Text.Json;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// <c>secretskit policy --values</c> with a whole-file-encrypted values file (decrypted in memory): a Secret's name
/// rendered into every field that refers to a Secret, and a host in a ConfigMap, are no SK-PLAINTEXT-001; the password
/// of the same file in a ConfigMap still is, and nothing printed holds a value.
/// </summary>
public sealed class PlaintextReferencePolicyCommandTests
{
    private const string Name = "shop-credentials-7a";
    private const string Host = "postgres.shop.svc.cluster.local";
    private const string Password = "whole-file-password-e4f";

    private static string Rendered => """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app, namespace: shop}
        spec:
          selector: {matchLabels: {app: app}}
          template:
            metadata: {labels: {app: app}}
            spec:
              imagePullSecrets: [{name: %NAME%}]
              containers:
                - name: app
                  image: registry.example.com/app:1.0
                  envFrom: [{secretRef: {name: %NAME%}}]
                  env:
                    - {name: A, valueFrom: {secretKeyRef: {name: %NAME%, key: %NAME%}}}
              volumes:
                - {name: s, secret: {secretName: %NAME%, items: [{key: %NAME%, path: %NAME%}]}}
                - {name: p, projected: {sources: [{secret: {name: %NAME%}}]}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web, namespace: shop}
        spec: {tls: [{hosts: [shop.example.com], secretName: %NAME%}]}
        ---
        apiVersion: example.com/v1
        kind: Database
        metadata: {name: db, namespace: shop}
        spec: {auth: {existingSecret: %NAME%, tlsSecretName: %NAME%}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-config, namespace: shop}
        data:
          DATABASE_HOST: %HOST%
          LEAKED: "%PASSWORD%"
        """.Replace("%NAME%", Name, StringComparison.Ordinal).Replace("%HOST%", Host, StringComparison.Ordinal)
        .Replace("%PASSWORD%", Password, StringComparison.Ordinal);

    [Fact]
    public async Task Names_in_reference_fields_and_a_host_are_no_leak_and_the_password_of_the_same_file_is()
    {
        using var dir = new TempDir();
        dir.Write("rendered.yaml", Rendered);
        var plain = dir.Write("secrets.plain.yaml", $"refs:\n  one: {Name}\ndatabase:\n  host: {Host}\n  password: {Password}\n");
        var enc = await CliRunner.RunAsync(["encrypt", "--age", TestKeys.AgeRecipient, "--output", Path.Combine(dir.Path, "secrets.yaml"), plain], recordOutput: false);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        File.Delete(plain);
        var env = new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile };

        var r = await CliRunner.RunAsync(["policy", "--severity", "CRITICAL", "-o", "json", "rendered.yaml", "--values", "secrets.yaml"], env, cwd: dir.Path);

        Assert.True(r.ExitCode == 1, r.Stderr);
        using var doc = JsonDocument.Parse(r.StdoutText);
        var own = doc.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("id").GetString()!.StartsWith("SK-", StringComparison.Ordinal))
            .Select(f => $"{f.GetProperty("id").GetString()} {f.GetProperty("kind").GetString()} {f.GetProperty("path").GetString()}: {f.GetProperty("message").GetString()}");
        Assert.Equal(["SK-PLAINTEXT-001 ConfigMap data.LEAKED: holds the decrypted value of values key database.password (secrets.yaml): "
            + "reference a Secret (secretKeyRef, a mounted Secret) instead of writing the value here"], own);
        Assert.DoesNotContain(Password, r.StdoutText + r.Stderr, StringComparison.Ordinal);
    }
}
