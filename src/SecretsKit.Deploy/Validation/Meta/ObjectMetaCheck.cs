using System.Text;
using SecretsKit.Deploy.Validation.Tree;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation.Meta;

/// <summary>
/// What the API server refuses in <c>metadata</c> that no OpenAPI schema says (k8s.io/apimachinery's object meta
/// validation): a name (or generateName) of the wrong format for the kind (<see cref="NameRule"/>), neither of them, a
/// namespace that is not a DNS-1123 label, label keys and values, annotation keys, and annotations over 256 KiB in
/// total. Findings use the API server's texts (<c>Invalid value: "Foo": …</c>); a name, namespace, label or key is
/// printed, an annotation's value never.
/// </summary>
internal static class ObjectMetaCheck
{
    public const int MaxAnnotationBytes = 256 * 1024;

    public static void Check(SchemaKey key, ManifestMapping root, Action<string, string> report)
    {
        var metadata = root.Find("metadata") as ManifestMapping;
        var name = Text(metadata, "name");
        var generateName = Text(metadata, "generateName");
        if (!string.IsNullOrEmpty(generateName)) Invalid("metadata.generateName", generateName, NameRule.Check(key, generateName, prefix: true), report);
        if (string.IsNullOrEmpty(name))
        {
            if (string.IsNullOrEmpty(generateName)) report("metadata.name", "Required value: name or generateName is required");
        }
        else Invalid("metadata.name", name, NameRule.Check(key, name, prefix: false), report);
        if (Text(metadata, "namespace") is { Length: > 0 } ns) Invalid("metadata.namespace", ns, NameFormats.IsDns1123Label(ns), report);
        if (metadata?.Find("labels") is ManifestMapping labels) CheckLabels(labels, report);
        if (metadata?.Find("annotations") is ManifestMapping annotations) CheckAnnotations(annotations, report);
    }

    private static void CheckLabels(ManifestMapping labels, Action<string, string> report)
    {
        foreach (var (labelKey, _, value) in labels.Entries)
        {
            Invalid("metadata.labels", labelKey, NameFormats.IsQualifiedName(labelKey), report);
            if (value is ManifestScalar s && ScalarValue.Of(s).Kind != ScalarKind.Null)
            {
                Invalid("metadata.labels", s.Value, NameFormats.IsLabelValue(s.Value), report);
            }
        }
    }

    private static void CheckAnnotations(ManifestMapping annotations, Action<string, string> report)
    {
        long size = 0;
        foreach (var (annotationKey, _, value) in annotations.Entries)
        {
            Invalid("metadata.annotations", annotationKey, NameFormats.IsQualifiedName(annotationKey.ToLowerInvariant()), report);
            size += Encoding.UTF8.GetByteCount(annotationKey) + (value is ManifestScalar s ? Encoding.UTF8.GetByteCount(s.Value) : 0);
        }
        if (size > MaxAnnotationBytes) report("metadata.annotations", $"Too long: may not be more than {MaxAnnotationBytes} bytes");
    }

    /// <summary>One finding per explanation, as the API server lists them: <c>Invalid value: "x": why</c>.</summary>
    internal static void Invalid(string path, string value, List<string> explanations, Action<string, string> report)
    {
        foreach (var why in explanations) report(path, $"Invalid value: {Quote(value)}: {why}");
    }

    /// <summary>Go's <c>%q</c> of a short identifier-like string: quotes and backslashes escaped, control characters as escapes.</summary>
    private static string Quote(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in value.Length > 300 ? value[..300] + "…" : value)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }

    private static string? Text(ManifestMapping? map, string key) =>
        map?.Find(key) is ManifestScalar s && ScalarValue.Of(s).Kind != ScalarKind.Null ? s.Value : null;
}
