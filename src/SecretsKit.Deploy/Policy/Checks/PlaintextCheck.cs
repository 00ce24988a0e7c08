using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;
using SecretsKit.Deploy.Policy.Provenance;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// A plain-text check of SecretsKit's own (<c>SK-PLAINTEXT-nnn</c>, no Trivy equivalent): one ID in every form a user may
/// name it by, and the walk over an object's text fields with their paths (a map key that is not a plain name is
/// bracketed: <c>data["app.properties"]</c>).
/// </summary>
internal abstract class PlaintextCheck : PolicyCheck
{
    public override string AvdId => Id;

    public override string Canonical => Id;

    /// <summary>
    /// The check over text helm renders but does not print as a manifest (a chart's NOTES.txt): each hit's path is
    /// <c>line N</c>. Most plain-text checks look at objects only.
    /// </summary>
    public virtual IEnumerable<PolicyHit> EvaluateText(string text, ValueProvenance? values) => [];

    /// <summary>
    /// The check over the values a release was rendered with, once per scan whatever the chart renders: each hit's path is
    /// the values key. Most plain-text checks look at objects only.
    /// </summary>
    public virtual IEnumerable<PolicyHit> EvaluateValues(ValueProvenance values) => [];

    /// <summary>Every string leaf below <paramref name="node"/>, with its path; <paramref name="skip"/> leaves a top-level key out.</summary>
    protected static IEnumerable<(string Path, string Text)> Strings(JsonNode? node, string path, Func<string, bool>? skip = null) =>
        Fields(node, path, skip).Select(f => (f.Path, f.Text));

    /// <summary>Every string leaf below <paramref name="node"/>, with its path and the object keys above it (<see cref="FieldKeys"/>).</summary>
    protected static IEnumerable<(string Path, string Text, FieldKeys Keys)> Fields(JsonNode? node, string path, Func<string, bool>? skip = null)
    {
        var stack = new Stack<(JsonNode? Node, string Path, int Depth, FieldKeys Keys)>();
        stack.Push((node, path, 0, default(FieldKeys)));
        while (stack.Count > 0)
        {
            var (current, at, depth, keys) = stack.Pop();
            switch (current)
            {
                case JsonObject o:
                    foreach (var (key, child) in o.Reverse())
                    {
                        if (depth == 0 && skip?.Invoke(key) == true) continue;
                        stack.Push((child, Below(at, key), depth + 1, keys.Below(key)));
                    }
                    break;
                case JsonArray a:
                    for (var i = a.Count - 1; i >= 0; i--) stack.Push((a[i], $"{at}[{i}]", depth + 1, keys));
                    break;
                case JsonValue v when v.TryGetValue<string>(out var s):
                    yield return (at, s, keys);
                    break;
            }
        }
    }

    /// <summary><c>parent.key</c>, or <c>parent["key"]</c> for a key that is not a plain name.</summary>
    protected static string Below(string parent, string key)
    {
        var plain = key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') && !char.IsAsciiDigit(key[0]);
        if (!plain) return $"{parent}[\"{key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"]";
        return parent.Length == 0 ? key : parent + "." + key;
    }

    /// <summary>A core v1 Secret, whose <c>data</c>/<c>stringData</c> are where secrets belong.</summary>
    protected static bool IsSecret(PolicyObject o) => o.Kind == "Secret" && o.ApiVersion == "v1";
}
