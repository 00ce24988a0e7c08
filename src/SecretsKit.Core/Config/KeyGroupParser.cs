using SecretsKit.Core.Keys;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Core.Config;

/// <summary>Turns a creation rule's key settings into <see cref="KeyGroupSpec"/>s, the way sops's config loader orders them.</summary>
internal sealed class KeyGroupParser(ConfigYamlReader reader)
{
    /// <summary>The rule's single group from each kind's <see cref="KeyKind.RuleKey"/> list, in sops's rule order.</summary>
    public KeyGroupSpec RuleGroup(YamlMappingNode rule, string where)
    {
        var keys = new List<KeySpec>();
        foreach (var kind in KeyKinds.InRuleOrder)
        {
            if (kind.RuleTextFields is null)
            {
                keys.AddRange(Texts(rule, kind.RuleKey, kind.GroupKey, where));
                continue;
            }
            var option = kind.RuleOption is null ? null : reader.String(rule, kind.RuleOption, where);
            foreach (var text in reader.StringList(rule, kind.RuleKey, where))
            {
                keys.Add(new KeySpec(kind.GroupKey, text, kind.RuleTextFields(text, option)));
            }
        }
        return KeyGroupSpec.Deduplicated(keys);
    }

    /// <summary>One <c>key_groups</c> entry; its <c>merge</c> groups are expanded recursively first.</summary>
    public KeyGroupSpec Group(YamlNode node, string where) => KeyGroupSpec.Deduplicated(Collect(node, where, depth: 0));

    private List<KeySpec> Collect(YamlNode node, string where, int depth)
    {
        if (ConfigYamlReader.IsNull(node)) return [];
        if (node is not YamlMappingNode group)
        {
            throw reader.Error(node, $"{where} must be a mapping of key types to keys");
        }
        if (depth > 32)
        {
            throw reader.Error(node, $"{where}: merge nesting is too deep");
        }

        var keys = new List<KeySpec>();
        var merge = reader.Sequence(group, "merge", where);
        if (merge is not null)
        {
            for (var i = 0; i < merge.Children.Count; i++)
            {
                keys.AddRange(Collect(merge.Children[i], $"{where}.merge[{i}]", depth + 1));
            }
        }

        foreach (var kind in KeyKinds.InRuleOrder)
        {
            if (kind.GroupFields.Count == 0)
            {
                keys.AddRange(Texts(group, kind.GroupKey, kind.GroupKey, where));
                continue;
            }
            foreach (var (item, at) in Objects(group, kind.GroupKey, where))
            {
                var fields = Fields(item, at, kind.GroupFields);
                keys.Add(new KeySpec(kind.GroupKey, null, fields, kind.GroupContext ? reader.StringMap(item, "context", at) : null));
            }
        }
        return keys;
    }

    private IEnumerable<KeySpec> Texts(YamlMappingNode map, string yamlKey, string groupKey, string where) =>
        reader.StringList(map, yamlKey, where).Select(text => new KeySpec(groupKey, text));

    private IEnumerable<(YamlMappingNode Item, string At)> Objects(YamlMappingNode group, string key, string where)
    {
        var list = reader.Sequence(group, key, where);
        if (list is null) yield break;
        for (var i = 0; i < list.Children.Count; i++)
        {
            var child = list.Children[i];
            if (ConfigYamlReader.IsNull(child)) continue;
            var at = $"{where}.{key}[{i}]";
            yield return (child as YamlMappingNode ?? throw reader.Error(child, $"{at} must be a mapping"), at);
        }
    }

    private Dictionary<string, string> Fields(YamlMappingNode item, string at, IReadOnlyList<KeyEntryField> shape)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in shape)
        {
            var value = reader.String(item, field.Name, at);
            var missing = field.Trim ? string.IsNullOrWhiteSpace(value) : string.IsNullOrEmpty(value);
            if (missing && field.Required)
            {
                throw reader.Error(item, field.Hint is null ? $"{at} has no {field.Name}" : $"{at} has no {field.Name} {field.Hint}");
            }
            if (!string.IsNullOrEmpty(value)) fields[field.Name] = field.Trim ? value.Trim() : value;
        }
        return fields;
    }
}
