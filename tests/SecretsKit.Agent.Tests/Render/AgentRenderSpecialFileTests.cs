using SecretsKit.Testing.Common;

namespace SecretsKit.Agent.Tests.Render;

/// <summary>
/// <c>secretskit-agent render -f DIR</c> (the real process) when the directory holds a FIFO that nobody writes (it used
/// to block the render) or a file whose alias lies inside its own anchor (found by <c>RenderFuzzTests</c>: the reader
/// recursed until the stack overflowed, exit 134) or an alias bomb (which used to spend the node budget of every file
/// after it): each gets its own <c>not synced</c> line and the rest still renders.
/// </summary>
public sealed class AgentRenderSpecialFileTests
{
    private static string ManifestDirectory(TempDir home)
    {
        var dir = Path.Combine(home.Path, "manifests");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "a.yaml"), """
            apiVersion: external-secrets.io/v1
            kind: ClusterSecretStore
            metadata: {name: shared}
            spec:
              provider: {fake: {data: [{key: k, value: v}]}}
            ---
            apiVersion: external-secrets.io/v1
            kind: ExternalSecret
            metadata: {name: good, namespace: team-a}
            spec:
              secretStoreRef: {name: shared, kind: ClusterSecretStore}
              data: [{secretKey: k, remoteRef: {key: k}}]
            """);
        return dir;
    }

    private static Task<ProcessRun.Result> RenderAsync(TempDir home, string dir) =>
        AgentRender.RunAsync(home.Path, ["-f", dir], TimeSpan.FromSeconds(60), cwd: SharedFixtures.RepositoryRoot);

    [Fact]
    public async Task A_fifo_in_a_render_directory_is_refused_at_once_and_the_other_files_still_render()
    {
        using var home = new TempDir();
        var dir = ManifestDirectory(home);
        var fifo = Path.Combine(dir, "b-fifo.yaml");
        var made = await ProcessRun.RunAsync("mkfifo", [fifo]);
        Assert.Equal(0, made.ExitCode);

        var r = await RenderAsync(home, dir);

        Assert.Equal(1, r.ExitCode);
        var lines = r.StdoutText.Split('\n');
        Assert.Contains("# ExternalSecret team-a/good: SecretSynced", lines);
        Assert.Contains($"# {fifo}: not synced: a FIFO, socket or terminal, not read", lines);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_alias_inside_its_own_anchor_is_refused_alone_instead_of_overflowing_the_stack()
    {
        using var home = new TempDir();
        var dir = ManifestDirectory(home);
        var cyclic = Path.Combine(dir, "b-cyclic.yaml");
        File.WriteAllText(cyclic, "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: team-a}\nstringData: {x: &x [*x]}\n");

        var r = await RenderAsync(home, dir);

        Assert.Equal(1, r.ExitCode);
        var lines = r.StdoutText.Split('\n');
        Assert.Contains("# ExternalSecret team-a/good: SecretSynced", lines);
        Assert.Contains(lines, l => l.StartsWith($"# {cyclic}: not synced: not valid YAML (", StringComparison.Ordinal) && l.EndsWith("an alias refers to a node that contains it)", StringComparison.Ordinal));
        Assert.DoesNotContain("Stack overflow", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_refused_for_the_node_budget_leaves_the_budget_to_the_files_after_it()
    {
        using var home = new TempDir();
        var dir = ManifestDirectory(home);
        var heavy = Path.Combine(dir, "0-heavy.yaml");
        // two documents of about 60,600 nodes each once their aliases are expanded: each is within the reader's per-document
        // alias budget, but together they pass the render's 100,000 nodes, so the second document is refused while converting
        var document = "a: &a [" + string.Join(", ", Enumerable.Repeat("x", 100)) + "]\nb: [" + string.Join(", ", Enumerable.Repeat("*a", 600)) + "]\n";
        File.WriteAllText(heavy, document + "---\n" + document);

        var r = await RenderAsync(home, dir);

        var lines = r.StdoutText.Split('\n');
        Assert.Contains($"# {heavy}, document 2 (line 4): not synced: more than 100000 YAML nodes in the manifests, not read", lines);
        Assert.Contains("# ExternalSecret team-a/good: SecretSynced", lines);
    }

    [Fact]
    public async Task An_alias_bomb_is_refused_alone()
    {
        using var home = new TempDir();
        var dir = ManifestDirectory(home);
        var bomb = Path.Combine(dir, "0-bomb.yaml");
        File.WriteAllText(bomb, HostileDocuments.BillionLaughs());

        var r = await RenderAsync(home, dir);

        var lines = r.StdoutText.Split('\n');
        Assert.Contains(lines, l => l.StartsWith($"# {bomb}: not synced: not valid YAML (", StringComparison.Ordinal) && l.EndsWith("its aliases expand to more than 100,000 nodes)", StringComparison.Ordinal));
        Assert.Contains("# ExternalSecret team-a/good: SecretSynced", lines);
    }
}
