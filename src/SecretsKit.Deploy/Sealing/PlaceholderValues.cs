using System.Globalization;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Deploy.Input;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Sealing;

/// <summary>
/// Rewrites a values file for helm with placeholders in place of decrypted values: every string or number of a decrypted
/// file (booleans, nulls and empty strings say nothing and stay), or, in any other file, each value that is one of the
/// run's decrypted values (a <c>ref+</c> resolved into it, an environment secret copied by a template). Each placeholder
/// is added to the table with its values key (<c>database.password</c>, <c>hosts[0]</c>).
/// </summary>
public static class PlaceholderValues
{
    /// <summary>
    /// The file's text with placeholders, or null when nothing in it is secret. <paramref name="sensitive"/>: the values
    /// that count as decrypted in a file that is not itself decrypted (<paramref name="decrypted"/> false).
    /// </summary>
    public static string? Rewrite(string yaml, bool decrypted, IReadOnlySet<string> sensitive, PlaceholderKey key, PlaceholderTable table)
    {
        YamlStream stream;
        try
        {
            stream = BoundedYaml.Load(yaml);
        }
        catch (YamlException) when (!decrypted)
        {
            return null; // helm will say what is wrong with it
        }
        var changed = false;
        foreach (var document in stream.Documents)
        {
            var stack = new Stack<(YamlNode Node, string Path)>();
            stack.Push((document.RootNode, ""));
            while (stack.Count > 0)
            {
                var (node, path) = stack.Pop();
                switch (node)
                {
                    case YamlMappingNode map:
                        foreach (var (k, v) in map.Children) stack.Push((v, Join(path, (k as YamlScalarNode)?.Value ?? "?")));
                        break;
                    case YamlSequenceNode seq:
                        for (var i = 0; i < seq.Children.Count; i++) stack.Push((seq.Children[i], $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]"));
                        break;
                    case YamlScalarNode scalar when IsSecret(scalar, decrypted, sensitive):
                        var placeholder = key.Make(path, scalar.Value!);
                        table.Add(placeholder, scalar.Value!, path);
                        scalar.Value = placeholder;
                        scalar.Style = ScalarStyle.DoubleQuoted;
                        scalar.Tag = default;
                        changed = true;
                        break;
                }
            }
        }
        if (!changed) return null;
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static bool IsSecret(YamlScalarNode scalar, bool decrypted, IReadOnlySet<string> sensitive)
    {
        if (scalar.Value is not { Length: > 0 } value || Placeholder.Is(value)) return false;
        if (!decrypted) return sensitive.Contains(value);
        if (scalar.Style != ScalarStyle.Plain) return true;
        // only YAML 1.2's booleans and nulls (go-yaml v3) are spared: a YAML 1.1 "yes" is sealed, erring on the safe side
        return YamlScalars.GoYamlV3(value).Kind is not (YamlResolvedKind.Bool or YamlResolvedKind.Null);
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
