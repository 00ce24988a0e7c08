using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Deploy.Input;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Policy;

/// <summary>
/// Trivy's data for its checks (<c>trivy config --config-data PATH</c>): YAML or JSON documents whose top-level keys
/// are Rego data paths. Of the Kubernetes checks only KSV0125 reads data: <c>ksv0125.trusted_registries</c>, a list of
/// registries that replaces its default trusted ones. Other keys (the data of custom Rego checks) are left alone.
/// </summary>
public static class TrivyCheckData
{
    /// <summary>
    /// The trusted registries a data file's text lists (none: empty), read within the YAML loader's budgets. Text that is
    /// not YAML, a <c>ksv0125</c> that is not a mapping, or a list that is not of non-empty strings is a
    /// <see cref="FormatException"/> naming the key.
    /// </summary>
    public static IReadOnlyList<string> TrustedRegistries(string text)
    {
        YamlStream stream;
        try
        {
            stream = BoundedYaml.Load(text);
        }
        catch (YamlException e)
        {
            throw new FormatException($"not YAML or JSON: {YamlStreamLoader.Reason(e)}");
        }
        var registries = new List<string>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlScalarNode { Value: null or "" }) continue;
            if (document.RootNode is not YamlMappingNode root) throw new FormatException("a data document must be a mapping of data paths");
            if (!root.Children.TryGetValue(new YamlScalarNode("ksv0125"), out var check)) continue;
            if (check is not YamlMappingNode data) throw new FormatException("ksv0125 must be a mapping (trusted_registries: [...])");
            if (!data.Children.TryGetValue(new YamlScalarNode("trusted_registries"), out var list)) continue;
            if (list is not YamlSequenceNode items) throw new FormatException("ksv0125.trusted_registries must be a list of registries");
            for (var i = 0; i < items.Children.Count; i++)
            {
                if (items.Children[i] is not YamlScalarNode { Value: { Length: > 0 } registry } || string.IsNullOrWhiteSpace(registry))
                {
                    throw new FormatException($"ksv0125.trusted_registries[{i}] must be a registry name (an empty one would trust every registry)");
                }
                registries.Add(registry.Trim());
            }
        }
        return registries;
    }
}
