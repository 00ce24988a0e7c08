using SecretsKit.Testing.Common;

namespace SecretsKit.Agent.Tests.Render;

/// <summary>
/// Issue #64 item 5: <c>render</c> (the real process, no cluster) with stores that log in as a ServiceAccount. The
/// ServiceAccount given with <c>-f</c> is read (IRSA needs its role annotation), and what a render cannot do (mint the
/// token) is said in words with what to use instead, never as an HTTP status of the in-memory API.
/// </summary>
public sealed class RenderKeylessStoreTests
{
    private const string Manifests = """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: app
          namespace: default
          annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::111122223333:role/app"}
        ---
        apiVersion: external-secrets.io/v1
        kind: SecretStore
        metadata: {name: aws, namespace: default}
        spec:
          provider:
            aws:
              service: SecretsManager
              region: eu-west-1
              auth: {jwt: {serviceAccountRef: {name: app}}}
        ---
        apiVersion: external-secrets.io/v1
        kind: SecretStore
        metadata: {name: vault, namespace: default}
        spec:
          provider:
            vault:
              server: https://vault.example.invalid
              auth: {kubernetes: {role: app, serviceAccountRef: {name: app}}}
        ---
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata: {name: from-aws, namespace: default}
        spec:
          secretStoreRef: {name: aws}
          data: [{secretKey: password, remoteRef: {key: prod/db, property: password}}]
        ---
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata: {name: from-vault, namespace: default}
        spec:
          secretStoreRef: {name: vault}
          data: [{secretKey: password, remoteRef: {key: db, property: password}}]
        """;

    [Fact]
    public async Task Render_reads_the_service_account_and_says_that_it_cannot_mint_its_token_and_what_to_use_instead()
    {
        using var home = new TempDir();
        var file = Path.Combine(home.Path, "keyless.yaml");
        await File.WriteAllTextAsync(file, Manifests);

        var r = await AgentRenderTests.RenderAsync(home.Path, "-f", file);

        Assert.Equal(1, r.ExitCode);
        Assert.DoesNotContain("ServiceAccount", r.Stderr, StringComparison.Ordinal); // read, not skipped
        var lines = r.StdoutText.Split('\n').Where(l => l.StartsWith("# ExternalSecret ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        foreach (var line in lines)
        {
            Assert.Contains("ServiceAccount default/app", line, StringComparison.Ordinal);
            Assert.Contains("a local render cannot mint ServiceAccount tokens", line, StringComparison.Ordinal);
            Assert.Contains("try it with `secretskit-agent --once` against a cluster", line, StringComparison.Ordinal);
            Assert.DoesNotContain("not found", line, StringComparison.Ordinal);
            Assert.DoesNotContain("MethodNotAllowed", line, StringComparison.Ordinal);
        }
    }
}
