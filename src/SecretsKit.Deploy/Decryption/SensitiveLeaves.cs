using SecretsKit.Core.Formats.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Decryption;

/// <summary>
/// The leaf strings of a YAML/JSON values file that count as secret for redaction: every scalar value of at least
/// <see cref="MinimumLength"/> characters except plain booleans, nulls and numbers (they would redact half a manifest).
/// </summary>
public static class SensitiveLeaves
{
    public const int MinimumLength = 4;

    public static HashSet<string> Of(string yaml)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var stream = new YamlStream();
        try
        {
            YamlStreamLoader.Load(stream, yaml);
        }
        catch (YamlException)
        {
            // not YAML: every non-empty line's value part counts
            foreach (var line in yaml.Split('\n'))
            {
                var eq = line.IndexOf('=', StringComparison.Ordinal);
                Add(found, (eq >= 0 ? line[(eq + 1)..] : line).Trim());
            }
            return found;
        }
        foreach (var document in stream.Documents) Collect(document.RootNode, found);
        return found;
    }

    /// <summary>Whether a value is worth redacting.</summary>
    public static bool Counts(string value) => value.Length >= MinimumLength;

    private static void Collect(YamlNode node, HashSet<string> found)
    {
        switch (node)
        {
            case YamlScalarNode { Value: { } v } s:
                if (s.Style == ScalarStyle.Plain && IsPlainNonString(v)) return;
                Add(found, v);
                break;
            case YamlMappingNode m:
                foreach (var (_, value) in m.Children) Collect(value, found);
                break;
            case YamlSequenceNode q:
                foreach (var child in q.Children) Collect(child, found);
                break;
        }
    }

    private static void Add(HashSet<string> found, string value)
    {
        if (Counts(value)) found.Add(value);
        // a multi-line secret (certificate, key) also reaches manifests line by line
        if (value.Contains('\n', StringComparison.Ordinal))
        {
            foreach (var line in value.Split('\n')) if (Counts(line.Trim())) found.Add(line.Trim());
        }
    }

    /// <summary>
    /// Whether a plain (unquoted) scalar is a boolean, null or number rather than a string: never worth matching. Typed as
    /// Helm reads a values file (sigs.k8s.io/yaml, <see cref="YamlScalars.KubernetesJson"/>: <c>on</c> is a boolean, a
    /// timestamp a string).
    /// </summary>
    public static bool IsPlainNonString(string v) => YamlScalars.KubernetesJson(v).Kind != YamlResolvedKind.String;
}
