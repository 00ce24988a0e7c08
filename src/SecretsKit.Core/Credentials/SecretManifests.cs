using SecretsKit.Core.Formats.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Core.Credentials;

/// <summary>
/// gitleaks' <c>kubernetes-secret-yaml</c>: a YAML document of <c>kind: Secret</c> whose <c>data</c> or
/// <c>stringData</c> holds a value in plaintext (base64 is plaintext too). Encrypted values (<c>ENC[…]</c>, a file sops
/// encrypted), templates (a Helm chart's <c>{{ … }}</c>), references, empty values and placeholders are not. Read
/// within the YAML loader's budgets; text that is no YAML (an unrendered template) has no finding.
/// </summary>
internal static class SecretManifests
{
    public const string RuleId = "kubernetes-secret-yaml";

    public static IEnumerable<CredentialHit> Find(string path, string text)
    {
        if (!path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)) return [];
        if (!text.Contains("Secret", StringComparison.Ordinal)) return [];
        var stream = new YamlStream();
        try
        {
            YamlStreamLoader.Load(stream, text);
        }
        catch (YamlException)
        {
            return [];
        }
        return stream.Documents.Select(d => Plaintext(d.RootNode)).OfType<CredentialHit>().ToList();
    }

    /// <summary>The first plaintext value of a Secret document, or null.</summary>
    private static CredentialHit? Plaintext(YamlNode root)
    {
        if (root is not YamlMappingNode document || Scalar(document, "kind") != "Secret") return null;
        foreach (var field in new[] { "stringData", "data" })
        {
            if (!document.Children.TryGetValue(new YamlScalarNode(field), out var node) || node is not YamlMappingNode values) continue;
            foreach (var (key, value) in values.Children)
            {
                if (value is YamlScalarNode { Value: { Length: > 0 } text } && !SecretKeys.IsReference(text)
                    && !CredentialValues.IsPlaceholder(field == "data" ? Decoded(text) : text))
                {
                    return new CredentialHit(RuleId, $"is a Kubernetes Secret with {field}.{(key as YamlScalarNode)?.Value} in plaintext", (int)value.Start.Line);
                }
            }
        }
        return null;
    }

    /// <summary>A <c>data</c> value as the Secret holds it (base64-decoded), or the text when it is no base64.</summary>
    private static string Decoded(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var n) ? System.Text.Encoding.UTF8.GetString(bytes, 0, n) : base64;
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode s ? s.Value : null;
}
