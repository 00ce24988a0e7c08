using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Kubernetes.Auth;
using SecretsKit.Kubernetes.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Kubernetes.Config;

/// <summary>Parses kubeconfig YAML with the YamlDotNet representation model (AOT-safe) and merges several files the way kubectl does.</summary>
public static class KubeConfigParser
{
    /// <summary>Parses one kubeconfig; relative file references are resolved against <paramref name="baseDirectory"/>.</summary>
    public static KubeConfigModel Parse(string yaml, string baseDirectory, string origin)
    {
        var stream = new YamlStream();
        try
        {
            YamlStreamLoader.Load(stream, yaml);
        }
        catch (YamlException e)
        {
            throw new KubernetesConfigException($"kubeconfig {origin} is not valid YAML (line {e.Start.Line}): {e.Message}", inner: e);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return new KubeConfigModel(new Dictionary<string, KubeConfigCluster>(), new Dictionary<string, KubeConfigUser>(), new Dictionary<string, KubeConfigContext>(), null);
        }
        var current = Scalar(root, "current-context");
        return new KubeConfigModel(Clusters(root, baseDirectory, origin), Users(root, baseDirectory, origin), Contexts(root, origin),
            string.IsNullOrEmpty(current) ? null : current);
    }

    private static Dictionary<string, KubeConfigCluster> Clusters(YamlMappingNode root, string baseDirectory, string origin)
    {
        var clusters = new Dictionary<string, KubeConfigCluster>(StringComparer.Ordinal);
        foreach (var (name, c) in NamedEntries(root, "clusters", "cluster", origin))
        {
            clusters.TryAdd(name, new KubeConfigCluster(
                name,
                Scalar(c, "server") ?? throw new KubernetesConfigException($"kubeconfig {origin}: cluster \"{name}\" has no server"),
                ResolvePath(Scalar(c, "certificate-authority"), baseDirectory),
                Scalar(c, "certificate-authority-data"),
                Flag(c, "insecure-skip-tls-verify"),
                Scalar(c, "tls-server-name")));
        }
        return clusters;
    }

    private static Dictionary<string, KubeConfigUser> Users(YamlMappingNode root, string baseDirectory, string origin)
    {
        var users = new Dictionary<string, KubeConfigUser>(StringComparer.Ordinal);
        foreach (var (name, u) in NamedEntries(root, "users", "user", origin))
        {
            users.TryAdd(name, new KubeConfigUser(
                name,
                Scalar(u, "token"),
                ResolvePath(Scalar(u, "tokenFile"), baseDirectory),
                ResolvePath(Scalar(u, "client-certificate"), baseDirectory),
                Scalar(u, "client-certificate-data"),
                ResolvePath(Scalar(u, "client-key"), baseDirectory),
                Scalar(u, "client-key-data"),
                Child(u, "exec") is YamlMappingNode e ? Exec(e, name, baseDirectory, origin) : null));
        }
        return users;
    }

    /// <summary>A user's <c>exec</c> credential plugin: command (relative paths against the kubeconfig's directory), args, env.</summary>
    private static KubeConfigExec Exec(YamlMappingNode e, string user, string baseDirectory, string origin)
    {
        var command = Scalar(e, "command") ?? throw new KubernetesConfigException($"kubeconfig {origin}: user \"{user}\" exec has no command");
        // kubectl resolves a relative command containing a path separator against the kubeconfig's directory
        if (command.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(command)) command = Path.GetFullPath(Path.Combine(baseDirectory, command));
        var args = Child(e, "args") is YamlSequenceNode a ? a.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList() : [];
        var env = new List<KeyValuePair<string, string>>();
        if (Child(e, "env") is YamlSequenceNode envs)
        {
            foreach (var item in envs.Children.OfType<YamlMappingNode>())
            {
                env.Add(new(Scalar(item, "name") ?? "", Scalar(item, "value") ?? ""));
            }
        }
        return new KubeConfigExec(command, args, env, Scalar(e, "apiVersion"), Scalar(e, "installHint"));
    }

    private static Dictionary<string, KubeConfigContext> Contexts(YamlMappingNode root, string origin)
    {
        var contexts = new Dictionary<string, KubeConfigContext>(StringComparer.Ordinal);
        foreach (var (name, c) in NamedEntries(root, "contexts", "context", origin))
        {
            contexts.TryAdd(name, new KubeConfigContext(name, Scalar(c, "cluster") ?? "", Scalar(c, "user") ?? "", Scalar(c, "namespace")));
        }
        return contexts;
    }

    /// <summary>Merges files in order: the first file to define a name or the current context wins (kubectl's rule).</summary>
    public static KubeConfigModel Merge(IEnumerable<KubeConfigModel> models)
    {
        var clusters = new Dictionary<string, KubeConfigCluster>(StringComparer.Ordinal);
        var users = new Dictionary<string, KubeConfigUser>(StringComparer.Ordinal);
        var contexts = new Dictionary<string, KubeConfigContext>(StringComparer.Ordinal);
        string? current = null;
        foreach (var m in models)
        {
            foreach (var (k, v) in m.Clusters) clusters.TryAdd(k, v);
            foreach (var (k, v) in m.Users) users.TryAdd(k, v);
            foreach (var (k, v) in m.Contexts) contexts.TryAdd(k, v);
            current ??= m.CurrentContext;
        }
        return new KubeConfigModel(clusters, users, contexts, current);
    }

    private static IEnumerable<(string Name, YamlMappingNode Body)> NamedEntries(YamlMappingNode root, string listKey, string bodyKey, string origin)
    {
        if (Child(root, listKey) is not YamlSequenceNode seq) yield break;
        foreach (var item in seq.Children.OfType<YamlMappingNode>())
        {
            var name = Scalar(item, "name") ?? throw new KubernetesConfigException($"kubeconfig {origin}: an entry of {listKey} has no name");
            yield return (name, Child(item, bodyKey) as YamlMappingNode ?? new YamlMappingNode());
        }
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    // kubectl reads kubeconfig through sigs.k8s.io/yaml (YAMLToJSON, then JSON into its typed config): scalars are typed by
    // YamlScalars.KubernetesJson; a plain null or an empty value is absent
    private static string? Scalar(YamlMappingNode node, string key) =>
        Child(node, key) is YamlScalarNode { Value: { Length: > 0 } v } s && !(s.Style is ScalarStyle.Plain or ScalarStyle.Any && YamlScalars.IsNull(v)) ? v : null;

    /// <summary>A bool field: only a plain YAML 1.1 boolean (<c>true</c>, <c>yes</c>, <c>on</c>, …) is a JSON boolean to kubectl.</summary>
    private static bool Flag(YamlMappingNode node, string key) =>
        Child(node, key) is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: { } v } && YamlScalars.KubernetesJson(v) is { Kind: YamlResolvedKind.Bool, Bool: true };

    private static string? ResolvePath(string? path, string baseDirectory) =>
        path is null ? null : Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(baseDirectory, path));
}
