using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// A <c>kind: List</c> document (<c>kubectl get -o yaml</c>'s shape, which <c>kubectl apply</c> accepts) stands for its
/// <c>items</c>: each is validated as a document of its own, as kubeconform does (the kind compared case-insensitively,
/// as kubeconform does). An item that is not a mapping is a document that is not one. Any other document is itself.
/// </summary>
internal static class ManifestList
{
    public static IEnumerable<RenderedDocument> Expand(RenderedDocument doc)
    {
        if (doc.Root is not { } root || !string.Equals(root.Text("kind"), "List", StringComparison.OrdinalIgnoreCase))
        {
            yield return doc;
            yield break;
        }
        switch (root.Find("items"))
        {
            case ManifestSequence items:
                for (var i = 0; i < items.Items.Count; i++)
                {
                    yield return items.Items[i] is ManifestMapping item
                        ? doc with { Root = item, ParseError = null }
                        : doc with { Root = null, ParseError = $"items[{i}] of the List is not a mapping (an object)" };
                }
                break;
            case null or ManifestScalar { Value: "", Plain: true }:
                break; // a List with no items: no document
            default:
                yield return doc with { Root = null, ParseError = "the List's items are not an array" };
                break;
        }
    }
}
