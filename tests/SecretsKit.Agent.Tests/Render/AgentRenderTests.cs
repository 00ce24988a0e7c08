using System.Text;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Agent.Tests.Render;

/// <summary>
/// <c>secretskit-agent render</c>, the real process with no cluster at all (no kubeconfig, no service account): the
/// agent's own pass over manifest files, the Secrets it would write printed redacted, or revealed with a warning.
/// </summary>
public sealed class AgentRenderTests
{
    private static string Demo => Path.Combine(SharedFixtures.RepositoryRoot, "examples", "agent", "render", "demo.yaml");

    internal static Task<ProcessRun.Result> RenderAsync(string home, params string[] args) =>
        AgentRender.RunAsync(home, args, TimeSpan.FromMinutes(2), cwd: SharedFixtures.RepositoryRoot);

    /// <summary>The text of the first <c>```yaml</c> block after <paramref name="marker"/> in docs/agent-lifecycle.md.</summary>
    private static string DocumentedOutput(string marker)
    {
        var page = File.ReadAllText(Path.Combine(SharedFixtures.RepositoryRoot, "docs", "agent-lifecycle.md"));
        var start = page.IndexOf("```yaml\n", page.IndexOf(marker, StringComparison.Ordinal), StringComparison.Ordinal) + "```yaml\n".Length;
        return page[start..page.IndexOf("```", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task Render_of_the_demo_prints_the_secret_it_would_write_redacted_exactly_as_the_docs_show()
    {
        using var home = new TempDir();

        var r = await RenderAsync(home.Path, "-f", "examples/agent/render/demo.yaml");

        Assert.True(r.ExitCode == 0, r.Stderr + r.StdoutText);
        Assert.Equal(DocumentedOutput("secretskit-agent render -f examples/agent/render/demo.yaml\n"), r.StdoutText);
        Assert.Equal("secretskit-agent: 1 of 1 ExternalSecrets rendered\n", r.Stderr);
        Assert.DoesNotContain("correct-horse-battery", r.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("correct-horse-battery"u8.ToArray())[..12], r.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reveal_prints_the_rendered_values_as_a_secret_holds_them_with_a_warning()
    {
        using var home = new TempDir();

        var r = await RenderAsync(home.Path, "--filename", Demo, "--reveal");

        Assert.True(r.ExitCode == 0, r.Stderr + r.StdoutText);
        var url = Convert.ToBase64String("postgres://app:correct-horse-battery@db.demo:5432/app"u8.ToArray());
        Assert.Contains($"  url: \"{url}\"\n", r.StdoutText, StringComparison.Ordinal);
        Assert.StartsWith("secretskit-agent: warning: --reveal prints secret values", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_conditions_and_the_reason_of_a_failure_come_from_the_reconciler_and_exit_1()
    {
        using var home = new TempDir();
        var manifests = Path.Combine(home.Path, "manifests");
        Directory.CreateDirectory(manifests);
        File.Copy(Demo, Path.Combine(manifests, "demo.yaml"));
        File.WriteAllText(Path.Combine(manifests, "tenants.yaml"), """
            apiVersion: external-secrets.io/v1
            kind: ClusterSecretStore
            metadata: {name: team-a-only}
            spec:
              conditions: [{namespaces: [team-a]}]
              provider: {fake: {data: [{key: k, value: team-a-value}]}}
            ---
            apiVersion: external-secrets.io/v1
            kind: ExternalSecret
            metadata: {name: steal, namespace: team-b}
            spec:
              secretStoreRef: {name: team-a-only, kind: ClusterSecretStore}
              data: [{secretKey: k, remoteRef: {key: k}}]
            ---
            apiVersion: external-secrets.io/v1alpha1
            kind: PushSecret
            metadata: {name: push, namespace: demo}
            spec: {}
            ---
            apiVersion: secretskit.io/v1alpha1
            kind: SopsSecret
            metadata: {name: sops, namespace: demo}
            spec: {}
            """);

        var r = await RenderAsync(home.Path, "-f", manifests);

        Assert.Equal(1, r.ExitCode);
        var lines = r.StdoutText.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("# ExternalSecret team-b/steal: not synced: SecretSyncedError: ", StringComparison.Ordinal) && l.Contains("team-a-only", StringComparison.Ordinal));
        Assert.Contains("# ExternalSecret demo/db: SecretSynced", lines);
        Assert.DoesNotContain("team-a-value", r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("PushSecret push skipped: a render never writes to a store", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("SopsSecret sops skipped: a render covers ExternalSecrets only (the agent reconciles SopsSecrets in a cluster", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("not read by the agent", r.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("secretskit-agent: 1 of 2 ExternalSecrets rendered\n", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vault_store_in_the_manifests_is_read_with_the_token_from_a_secret_in_the_manifests_stringData_included()
    {
        using var home = new TempDir();
        await using var vault = await FakeVaultServer.StartAsync();
        vault.Kv2Put("secret", "app/db", new Dictionary<string, string> { ["password"] = "from-vault" });
        var file = Path.Combine(home.Path, "vault.yaml");
        File.WriteAllText(file, $$$"""
            apiVersion: v1
            kind: Secret
            metadata: {name: vault-token, namespace: dev}
            stringData: {token: "{{{vault.RootToken}}}"}
            ---
            apiVersion: external-secrets.io/v1
            kind: SecretStore
            metadata: {name: vault, namespace: dev}
            spec:
              provider:
                vault:
                  server: "{{{vault.BaseAddress}}}"
                  path: secret
                  version: v2
                  auth: {tokenSecretRef: {name: vault-token, key: token}}
            ---
            apiVersion: external-secrets.io/v1
            kind: ExternalSecret
            metadata: {name: db, namespace: dev}
            spec:
              secretStoreRef: {name: vault, kind: SecretStore}
              data: [{secretKey: password, remoteRef: {key: app/db, property: password}}]
            """);

        var r = await RenderAsync(home.Path, "-f", file, "--reveal");

        Assert.True(r.ExitCode == 0, r.Stderr + r.StdoutText);
        Assert.Contains($"  password: \"{Convert.ToBase64String("from-vault"u8.ToArray())}\"\n", r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("# ExternalSecret dev/db: SecretSynced", r.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_one_line_and_exit_1()
    {
        using var home = new TempDir();

        var r = await RenderAsync(home.Path, "-f", Path.Combine(home.Path, "no-such.yaml"));

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no-such.yaml: no such file or directory", r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad.yaml", "bad.yaml: not synced: not valid YAML")]
    [InlineData("deep.yaml", "deep.yaml: not synced: nested more than 200 deep, not read")]
    public async Task A_file_that_cannot_be_read_is_one_not_synced_line_and_exit_1(string file, string message)
    {
        using var home = new TempDir();
        File.WriteAllText(Path.Combine(home.Path, "bad.yaml"), "kind: [unclosed\n");
        File.WriteAllText(Path.Combine(home.Path, "deep.yaml"), "kind: " + new string('[', 100_000) + new string(']', 100_000) + "\n");

        var r = await RenderAsync(home.Path, "-f", Path.Combine(home.Path, file));

        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.StdoutText.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("# " + Path.Combine(home.Path, message), line, StringComparison.Ordinal);
        Assert.Equal("secretskit-agent: no ExternalSecret in the manifests; 1 other object or file not read\n", r.Stderr);
    }

    [Fact]
    public async Task Render_without_files_is_a_usage_error()
    {
        using var home = new TempDir();

        var r = await RenderAsync(home.Path);

        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("secretskit-agent: render needs manifests: -f FILE", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetBytes(""), r.Stdout);
    }
}
