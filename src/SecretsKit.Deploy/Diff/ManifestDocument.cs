using SecretsKit.Core.Formats.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Diff;

/// <summary>
/// One Kubernetes object of a multi-document manifest stream: its lines as written, its parsed YAML (null when it
/// does not parse) and the identity helm-diff uses (<c>namespace, name, Kind (group)</c>).
/// </summary>
internal sealed class ManifestDocument
{
    private ManifestDocument(IReadOnlyList<string> lines, YamlMappingNode? root, string key)
    {
        Lines = lines;
        Root = root;
        Key = key;
    }

    public IReadOnlyList<string> Lines { get; }

    /// <summary>The root mapping, or null when the document is not a YAML mapping.</summary>
    public YamlMappingNode? Root { get; }

    /// <summary><c>namespace, name, Kind (group)</c>; objects without a namespace show the release's (helm-diff's default namespace).</summary>
    public string Key { get; }

    public bool IsSecret => Root is not null && Scalar(Root, "kind") == "Secret" && (Scalar(Root, "apiVersion") ?? "v1") == "v1";

    /// <summary>
    /// Same content: the same lines (ignoring trailing spaces and blank lines at the end), or, when both parse, the same
    /// YAML laid out another way (<see cref="YamlEquivalence"/>: Helm 4 stores what a post-renderer returns re-indented).
    /// </summary>
    public bool SameAs(ManifestDocument other) =>
        Normalized(Lines).SequenceEqual(Normalized(other.Lines), StringComparer.Ordinal)
        || (Root is not null && other.Root is not null && YamlEquivalence.Same(Root, other.Root));

    /// <summary>
    /// Splits on <c>---</c> lines; documents holding only comments or whitespace are dropped. An object without
    /// <c>metadata.namespace</c> is keyed under <paramref name="defaultNamespace"/> (the release's namespace).
    /// </summary>
    public static List<ManifestDocument> Split(string? stream, string defaultNamespace = "default")
    {
        var documents = new List<ManifestDocument>();
        if (string.IsNullOrEmpty(stream)) return documents;
        var current = new List<string>();
        foreach (var line in stream.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line == "---" || line.StartsWith("--- ", StringComparison.Ordinal))
            {
                Add(documents, current, defaultNamespace);
                current = new List<string>();
                var rest = line.Length > 3 ? line[4..] : "";
                if (rest.Trim().Length > 0) current.Add(rest);
                continue;
            }
            current.Add(line);
        }
        Add(documents, current, defaultNamespace);
        return documents;
    }

    private static void Add(List<ManifestDocument> documents, List<string> lines, string defaultNamespace)
    {
        while (lines.Count > 0 && lines[^1].Trim().Length == 0) lines.RemoveAt(lines.Count - 1);
        if (lines.All(l => l.Trim().Length == 0 || l.TrimStart().StartsWith('#'))) return;
        var root = Parse(lines);
        var key = root is null ? $"(unparsed document {documents.Count + 1})" : KeyOf(root, documents.Count + 1, defaultNamespace);
        documents.Add(new ManifestDocument(lines, root, key));
    }

    private static YamlMappingNode? Parse(List<string> lines)
    {
        var stream = new YamlStream();
        try
        {
            YamlStreamLoader.Load(stream, string.Join('\n', lines) + "\n");
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            return null; // YamlDotNet reports some malformed input as an invalid scanner state
        }
        return stream.Documents.Count == 1 ? stream.Documents[0].RootNode as YamlMappingNode : null;
    }

    private static string KeyOf(YamlMappingNode root, int index, string defaultNamespace)
    {
        var apiVersion = Scalar(root, "apiVersion") ?? "";
        var kind = Scalar(root, "kind") ?? "(no kind)";
        var metadata = Child(root, "metadata") as YamlMappingNode;
        var name = (metadata is null ? null : Scalar(metadata, "name"))
                   ?? (metadata is null ? null : Scalar(metadata, "generateName"))
                   ?? $"(unnamed {index})";
        var ns = (metadata is null ? null : Scalar(metadata, "namespace")) is { Length: > 0 } n ? n : defaultNamespace;
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash > 0 ? apiVersion[..slash] : apiVersion.Length > 0 ? apiVersion : "v1";
        return $"{ns}, {name}, {kind} ({group})";
    }

    public static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static string? Scalar(YamlMappingNode mapping, string key) => (Child(mapping, key) as YamlScalarNode)?.Value;

    private static IEnumerable<string> Normalized(IReadOnlyList<string> lines) => lines.Select(l => l.TrimEnd());
}
