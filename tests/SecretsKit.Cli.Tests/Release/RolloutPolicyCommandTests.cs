using System.Text.Json;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// <c>secretskit policy --deployed</c>: the rollout check SK-ROLLOUT-001 compares the input with the manifests deployed
/// now, in the policy's text and JSON output; without <c>--deployed</c> it finds nothing, and <c>--deployed -</c> or a
/// missing file is a usage error (exit 2).
/// </summary>
public sealed class RolloutPolicyCommandTests
{
    private static string Manifests(string token, string annotation) => $$"""
        ---
        # Source: app/templates/secret.yaml
        apiVersion: v1
        kind: Secret
        metadata: {name: app, namespace: shop}
        data: {token: {{token}} }
        ---
        # Source: app/templates/deployment.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app, namespace: shop}
        spec:
          selector: {matchLabels: {app: app} }
          template:
            metadata:
              labels: {app: app}
              annotations:
                checksum/secret: {{annotation}}
            spec:
              containers:
                - name: app
                  image: registry.example/app:1.0.0
                  volumeMounts: [{name: creds, mountPath: /creds}]
              volumes: [{name: creds, secret: {secretName: app} }]

        """;

    [Fact]
    public async Task Deployed_manifests_enable_the_rollout_check_in_text_and_json_and_a_bad_deployed_option_is_a_usage_error()
    {
        using var dir = new TempDir("sk-rollout-");
        dir.Write("deployed.yaml", Manifests("b2xkLXZhbHVl", "same"));
        dir.Write("new.yaml", Manifests("bmV3LXZhbHVl", "same"));
        dir.Write("annotated.yaml", Manifests("bmV3LXZhbHVl", "changed"));

        var text = await CliRunner.RunAsync(["policy", "--severity", "MEDIUM", "--deployed", "deployed.yaml", "new.yaml"], cwd: dir.Path);
        Assert.True(text.ExitCode == 1, text.StdoutText + text.Stderr);
        Assert.Contains("new.yaml: app/templates/deployment.yaml: Deployment shop/app: spec.template.spec.volumes[0].secret.secretName: SK-ROLLOUT-001 (MEDIUM) "
            + "Secret or ConfigMap changes but the pods that use it are not replaced: Deployment shop/app mounts Secret shop/app, whose data changes in this release",
            text.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("bmV3LXZhbHVl", text.StdoutText, StringComparison.Ordinal);
        Assert.Contains("3 rollout checks]", text.StdoutText, StringComparison.Ordinal);

        var json = await CliRunner.RunAsync(["policy", "-o", "json", "--deployed", "deployed.yaml", "new.yaml"], cwd: dir.Path);
        using (var doc = JsonDocument.Parse(json.StdoutText))
        {
            var finding = Assert.Single(doc.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("id").GetString() == "SK-ROLLOUT-001");
            Assert.Equal("MEDIUM", finding.GetProperty("severity").GetString());
        }

        foreach (var args in new[] { ["policy", "-o", "json", "--deployed", "deployed.yaml", "annotated.yaml"], new[] { "policy", "-o", "json", "new.yaml" } })
        {
            var none = await CliRunner.RunAsync(args, cwd: dir.Path);
            Assert.DoesNotContain("SK-ROLLOUT-001", none.StdoutText, StringComparison.Ordinal);
        }
        var stdin = await CliRunner.RunAsync(["policy", "--deployed", "-", "new.yaml"], cwd: dir.Path);
        Assert.Equal(2, stdin.ExitCode);
        Assert.Contains("--deployed: name a file or directory (stdin holds the manifests)", stdin.Stderr, StringComparison.Ordinal);
        var missing = await CliRunner.RunAsync(["policy", "--deployed", "nowhere.yaml", "new.yaml"], cwd: dir.Path);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--deployed nowhere.yaml: no such file or directory", missing.Stderr, StringComparison.Ordinal);
    }
}
