using System.Globalization;
using SecretsKit.Core.Tree;

namespace SecretsKit.Deploy.Sealing;

/// <summary>
/// A rendered <c>v1/Secret</c> read from its document: the fields a sealed form carries over. Labels and annotations are
/// text (a number or boolean written unquoted is taken as its text, as the API server would refuse it anyway).
/// </summary>
public sealed record RenderedSecret(TreeBranch Tree, string Name, string? Namespace, string Type,
    IReadOnlyList<KeyValuePair<string, string>> Labels, IReadOnlyList<KeyValuePair<string, string>> Annotations)
{
    /// <summary>The annotation helm's hooks carry (<c>helm.sh/hook</c>).</summary>
    public bool IsHook => Annotations.Any(a => a.Key == "helm.sh/hook");

    /// <summary>A <c>v1/Secret</c> document's tree (comments left out), or null for any other kind.</summary>
    public static RenderedSecret? Read(TreeBranch document)
    {
        if (Text(document.Get("kind")) != "Secret" || Text(document.Get("apiVersion")) != "v1") return null;
        var metadata = document.Get("metadata") as TreeBranch ?? TreeBranch.Empty;
        return new RenderedSecret(
            document,
            Text(metadata.Get("name")) ?? "",
            Text(metadata.Get("namespace")) is { Length: > 0 } ns ? ns : null,
            Text(document.Get("type")) is { Length: > 0 } type ? type : "Opaque",
            Map(metadata.Get("labels")),
            Map(metadata.Get("annotations")));
    }

    /// <summary>Whether the kind and apiVersion say Secret v1, without more.</summary>
    public static bool IsSecret(TreeBranch document) => Text(document.Get("kind")) == "Secret" && Text(document.Get("apiVersion")) == "v1";

    /// <summary>A scalar as the text the API server would see, or null for a map, list or null.</summary>
    public static string? Text(TreeNode? node) => node switch
    {
        StringValue s => s.Value,
        IntValue i => i.Value.ToString(CultureInfo.InvariantCulture),
        FloatValue f => f.Value.ToString("R", CultureInfo.InvariantCulture),
        BoolValue b => b.Value ? "true" : "false",
        _ => null,
    };

    private static List<KeyValuePair<string, string>> Map(TreeNode? node) =>
        node is TreeBranch b
            ? b.Items.Where(i => !i.IsComment).Select(i => new KeyValuePair<string, string>(i.Key!, Text(i.Value) ?? "")).ToList()
            : [];
}
