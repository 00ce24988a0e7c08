using SecretsKit.Testing.Common;

namespace SecretsKit.Agent.Tests.Render;

/// <summary>
/// <c>secretskit-agent render</c> (the real process) given a directory where some objects and files are bad: each gets its
/// own <c># … not synced</c> line, every valid object still renders, nothing ends in a stack trace, and no file (a device,
/// a link loop, a dangling link) gets past the 32 MiB bound or stops the others.
/// </summary>
public sealed class AgentRenderHostileTests
{
    private const string Store = """
        apiVersion: external-secrets.io/v1
        kind: ClusterSecretStore
        metadata: {name: shared}
        spec:
          provider: {fake: {data: [{key: k, value: v}]}}
        """;

    private static string ExternalSecret(string metadata, string target = "{}") => $"""
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata: {metadata}
        spec:
          secretStoreRef: {"{"}name: shared, kind: ClusterSecretStore{"}"}
          target: {target}
          data: [{"{"}secretKey: k, remoteRef: {"{"}key: k{"}"}{"}"}]
        """;

    [Fact]
    public async Task Every_bad_object_and_file_gets_its_own_not_synced_line_and_the_valid_objects_still_render()
    {
        using var home = new TempDir();
        var dir = Path.Combine(home.Path, "manifests");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "a-store.yaml"), Store);
        File.WriteAllText(Path.Combine(dir, "b-objects.yaml"), string.Join("\n---\n",
            ExternalSecret("{name: good, namespace: team-a}"),
            ExternalSecret("{name: list-target, namespace: team-a}", "{name: [a, b]}"),
            ExternalSecret("{name: map-target, namespace: team-a}", "{name: {a: b}}"),
            ExternalSecret("{name: empty-ns, namespace: \"\"}"),
            ExternalSecret("{namespace: team-a}"),
            ExternalSecret("5"),
            ExternalSecret("{name: Bad/Name, namespace: team-a}"),
            ExternalSecret("{name: numeric-ns, namespace: 7}"),
            "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: scalar-spec, namespace: team-a}\nspec: x\n",
            ExternalSecret("{name: twice, namespace: team-a}"),
            ExternalSecret("{name: twice, namespace: team-a}"),
            "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: team-a}\nstringData: [x]\n"));
        File.WriteAllText(Path.Combine(dir, "c-broken.yaml"), "kind: [unclosed\n");
        File.CreateSymbolicLink(Path.Combine(dir, "d-dangling.yaml"), Path.Combine(dir, "nowhere.yaml"));
        File.CreateSymbolicLink(Path.Combine(dir, "e-loop.yaml"), Path.Combine(dir, "e-loop.yaml"));
        File.CreateSymbolicLink(Path.Combine(dir, "f-zero.yaml"), "/dev/zero");
        File.WriteAllText(Path.Combine(dir, "g-more.yaml"), ExternalSecret("{name: also-good, namespace: team-b}"));

        var r = await AgentRenderTests.RenderAsync(home.Path, "-f", dir);

        Assert.Equal(1, r.ExitCode);
        Assert.DoesNotContain("   at ", r.Stderr + r.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", r.Stderr + r.StdoutText, StringComparison.Ordinal);
        var lines = r.StdoutText.Split('\n');
        // the valid ones render, an empty namespace meaning the default one as kubectl reads it
        Assert.Contains("# ExternalSecret team-a/good: SecretSynced", lines);
        Assert.Contains("# ExternalSecret team-b/also-good: SecretSynced", lines);
        Assert.Contains("# ExternalSecret default/empty-ns: SecretSynced", lines);
        Assert.Contains("# ExternalSecret team-a/twice: SecretSynced", lines);
        // each bad object on its own line
        var notSynced = lines.Where(l => l.StartsWith("# ", StringComparison.Ordinal) && l.Contains(": not synced: ", StringComparison.Ordinal)).ToList();
        string One(string start) => Assert.Single(notSynced, l => l.StartsWith(start, StringComparison.Ordinal));
        Assert.Contains("spec.target", One("# ExternalSecret team-a/list-target: not synced: "), StringComparison.Ordinal);
        Assert.Contains("spec.target", One("# ExternalSecret team-a/map-target: not synced: "), StringComparison.Ordinal);
        Assert.Contains(": not synced: no metadata.name", One("# ExternalSecret team-a/(no name) ("), StringComparison.Ordinal);
        Assert.Contains(": not synced: metadata is not a mapping", One("# ExternalSecret default/(no name) ("), StringComparison.Ordinal);
        Assert.Contains("is not a DNS subdomain", One("# ExternalSecret team-a/Bad/Name ("), StringComparison.Ordinal);
        Assert.Contains("metadata.namespace is not a string", One("# ExternalSecret default/numeric-ns ("), StringComparison.Ordinal);
        Assert.Contains("spec is not a mapping", One("# ExternalSecret team-a/scalar-spec ("), StringComparison.Ordinal);
        Assert.Contains("defined twice", One("# ExternalSecret team-a/twice ("), StringComparison.Ordinal);
        Assert.Contains("stringData is not a mapping", One("# Secret team-a/s ("), StringComparison.Ordinal);
        // each bad file on its own line
        Assert.Contains("not valid YAML", One("# " + Path.Combine(dir, "c-broken.yaml") + ": "), StringComparison.Ordinal);
        Assert.EndsWith("no such file (a dangling symbolic link?)", One("# " + Path.Combine(dir, "d-dangling.yaml") + ": "), StringComparison.Ordinal);
        One("# " + Path.Combine(dir, "e-loop.yaml") + ": ");
        Assert.EndsWith("larger than 32 MiB, not read", One("# " + Path.Combine(dir, "f-zero.yaml") + ": "), StringComparison.Ordinal);
        Assert.Equal(13, notSynced.Count);
        Assert.EndsWith("secretskit-agent: 4 of 6 ExternalSecrets rendered; 11 other objects or files not read\n", r.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>
/// One bad document of a manifest file fails alone (<c>secretskit-agent render</c>, the real process): an alias bomb, a
/// document nested 201 deep, a duplicate key, a NUL byte, a complex key, one over 8 MiB and one that is not YAML each
/// get their own <c># FILE, document N (line L): not synced</c> line, and the store and ExternalSecrets before and after
/// them in the same file still render.
/// </summary>
public sealed class AgentRenderDocumentTests
{
    [Fact]
    public async Task Each_bad_document_fails_alone_and_the_others_of_the_file_render()
    {
        using var home = new TempDir();
        var bomb = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n" + string.Concat(Enumerable.Range(1, 6).Select(i =>
            $"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n"));
        string[] documents =
        [
            "apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata: {name: shared}\nspec:\n  provider: {fake: {data: [{key: k, value: v}]}}\n",
            ExternalSecret("first", "team-a"),
            bomb,
            "deep: " + new string('[', 201) + new string(']', 201) + "\n",
            "kind: Secret\nkind: ConfigMap\n",
            "kind: Secret\nname: \"a\0b\"\n",
            "? [a, b]\n: c\n",
            "big: " + new string('x', (8 << 20) + 16) + "\n",
            "kind: [unclosed\n",
            ExternalSecret("last", "team-b"),
        ];
        var file = Path.Combine(home.Path, "all.yaml");
        File.WriteAllText(file, string.Join("---\n", documents));
        int Line(int index) => 1 + documents.Take(index).Sum(d => d.Count(c => c == '\n') + 1);

        var r = await AgentRenderTests.RenderAsync(home.Path, "-f", file);

        var lines = r.StdoutText.Split('\n');
        Assert.Contains("# ExternalSecret team-a/first: SecretSynced", lines);
        Assert.Contains("# ExternalSecret team-b/last: SecretSynced", lines);
        var notSynced = lines.Where(l => l.Contains(": not synced: ", StringComparison.Ordinal)).ToList();
        string Document(int index) =>
            Assert.Single(notSynced, l => l.StartsWith($"# {file}, document {index + 1} (line {Line(index)}): not synced: ", StringComparison.Ordinal));
        Assert.Contains("100,000", Document(2), StringComparison.Ordinal);
        Assert.Contains("200 deep", Document(3), StringComparison.Ordinal);
        Assert.Contains("Duplicate key kind", Document(4), StringComparison.Ordinal);
        Assert.Contains("not valid YAML", Document(5), StringComparison.Ordinal);
        Assert.Contains("not a string", Document(6), StringComparison.Ordinal);
        Assert.EndsWith("a document larger than 8 MiB, not read", Document(7), StringComparison.Ordinal);
        // the syntax error is placed on the file's own lines, within the document that has it
        var at = int.Parse(System.Text.RegularExpressions.Regex.Match(Document(8), @"not valid YAML \((\d+):").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(at, Line(8), Line(9) - 1);
        Assert.Equal(7, notSynced.Count);
        Assert.DoesNotContain("Unhandled", r.Stderr, StringComparison.Ordinal);
    }

    private static string ExternalSecret(string name, string ns) => $"""
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata: {"{"}name: {name}, namespace: {ns}{"}"}
        spec:
          secretStoreRef: {"{"}name: shared, kind: ClusterSecretStore{"}"}
          target: {"{"}{"}"}
          data: [{"{"}secretKey: k, remoteRef: {"{"}key: k{"}"}{"}"}]

        """;
}
