using System.Text;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Refs;

/// <summary>
/// The <c>ref+…</c> references hidden in a v1 Secret's <c>data:</c>: a chart that writes
/// <c>{{ .Values.x | b64enc }}</c> turns a <c>ref+…</c> value into base64, which a whole-value scan never sees. Each
/// value that decodes (strict base64, UTF-8) to a whole reference is returned with the reference it holds.
/// </summary>
internal static class SecretDataRefs
{
    public static void Collect(YamlNode document, List<(YamlScalarNode Node, string Ref)> found)
    {
        if (document is not YamlMappingNode root
            || Scalar(root, "kind") != "Secret" || Scalar(root, "apiVersion") != "v1"
            || !root.Children.TryGetValue(new YamlScalarNode("data"), out var data) || data is not YamlMappingNode entries)
        {
            return;
        }
        foreach (var (_, value) in entries.Children)
        {
            if (value is YamlScalarNode { Value: { Length: > 0 } text } scalar && scalar.Tag.IsEmpty && Decode(text) is { } decoded && RefUri.IsRef(decoded))
            {
                found.Add((scalar, decoded));
            }
        }
    }

    private static string? Decode(string text)
    {
        var bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, bytes, out var length)) return null;
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;
}
