using SecretsKit.Deploy.Validation.Tree;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// Strict mode's finding for a key written twice in one mapping: the API server's strict field validation (kubectl's
/// default) and kubeconform's <c>-strict</c> refuse it; non-strict decoding keeps the last value, which the tree already
/// holds. Reported at the key's path, in the document whose kind and name it belongs to.
/// </summary>
internal static class DuplicateKeys
{
    public static void Report(ManifestMapping root, Action<string, string> report)
    {
        var seen = new HashSet<ManifestNode>(ReferenceEqualityComparer.Instance);
        Walk(root, "", seen, report);
    }

    private static void Walk(ManifestNode node, string path, HashSet<ManifestNode> seen, Action<string, string> report)
    {
        if (!seen.Add(node)) return; // a node shared through aliases is reported once
        switch (node)
        {
            case ManifestMapping map:
                foreach (var key in map.Duplicates.Distinct(StringComparer.Ordinal))
                {
                    report(FieldPath.Join(path, key), "duplicate key: written more than once in this mapping (--strict=false keeps the last value)");
                }
                foreach (var entry in map.Entries) Walk(entry.Value, FieldPath.Join(path, entry.Key), seen, report);
                break;
            case ManifestSequence seq:
                for (var i = 0; i < seq.Items.Count; i++) Walk(seq.Items[i], $"{path}[{i}]", seen, report);
                break;
        }
    }
}
