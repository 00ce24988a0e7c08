using YamlDotNet.RepresentationModel;

namespace SecretsKit.Core.Config;

/// <summary>Turns a creation rule's key settings into <see cref="KeyGroupSpec"/>s, the way sops's config loader orders them.</summary>
internal sealed class KeyGroupParser(ConfigYamlReader reader)
{
    /// <summary>The rule's single group from <c>age</c>, <c>pgp</c>, <c>kms</c> (+<c>aws_profile</c>), <c>gcp_kms</c>, <c>hckms</c>, <c>azure_keyvault</c>, <c>hc_vault_transit_uri</c>.</summary>
    public KeyGroupSpec RuleGroup(YamlMappingNode rule, string where)
    {
        var keys = new List<KeySpec>();
        keys.AddRange(Texts(rule, "age", ConfigGroupKeys.Age, where));
        keys.AddRange(Texts(rule, "pgp", ConfigGroupKeys.Pgp, where));

        var awsProfile = reader.String(rule, "aws_profile", where);
        foreach (var text in reader.StringList(rule, "kms", where))
        {
            keys.Add(new KeySpec(ConfigGroupKeys.Kms, text, KmsStringFields(text, awsProfile)));
        }

        keys.AddRange(Texts(rule, "gcp_kms", ConfigGroupKeys.GcpKms, where));
        keys.AddRange(Texts(rule, "hckms", ConfigGroupKeys.Hckms, where));
        keys.AddRange(Texts(rule, "azure_keyvault", ConfigGroupKeys.AzureKeyVault, where));
        keys.AddRange(Texts(rule, "hc_vault_transit_uri", ConfigGroupKeys.HcVault, where));
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

        keys.AddRange(Texts(group, "age", ConfigGroupKeys.Age, where));
        keys.AddRange(Texts(group, "pgp", ConfigGroupKeys.Pgp, where));
        foreach (var (item, at) in Objects(group, "kms", where))
        {
            var fields = Fields(item, at, required: "arn", optional: ["role", "aws_profile"]);
            keys.Add(new KeySpec(ConfigGroupKeys.Kms, null, fields, reader.StringMap(item, "context", at)));
        }
        foreach (var (item, at) in Objects(group, "gcp_kms", where))
        {
            keys.Add(new KeySpec(ConfigGroupKeys.GcpKms, null, Fields(item, at, required: "resource_id", optional: [])));
        }
        foreach (var (item, at) in Objects(group, "hckms", where))
        {
            keys.Add(new KeySpec(ConfigGroupKeys.Hckms, null, Fields(item, at, required: "key_id", optional: [])));
        }
        foreach (var (item, at) in Objects(group, "azure_keyvault", where))
        {
            var fields = Fields(item, at, required: "vaultUrl", optional: ["version"]);
            var name = reader.String(item, "key", at);
            if (string.IsNullOrEmpty(name)) throw reader.Error(item, $"{at} has no key (the key name)");
            var copy = new Dictionary<string, string>(fields, StringComparer.Ordinal) { ["key"] = name };
            keys.Add(new KeySpec(ConfigGroupKeys.AzureKeyVault, null, copy));
        }
        keys.AddRange(Texts(group, "hc_vault", ConfigGroupKeys.HcVault, where));
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

    private Dictionary<string, string> Fields(YamlMappingNode item, string at, string required, string[] optional)
    {
        var value = reader.String(item, required, at);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw reader.Error(item, $"{at} has no {required}");
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal) { [required] = value.Trim() };
        foreach (var name in optional)
        {
            var v = reader.String(item, name, at);
            if (!string.IsNullOrEmpty(v)) fields[name] = v.Trim();
        }
        return fields;
    }

    /// <summary>A rule-level kms string <c>arn[+roleArn]</c> as fields, with the rule's <c>aws_profile</c>.</summary>
    private static Dictionary<string, string> KmsStringFields(string text, string? awsProfile)
    {
        var compact = text.Replace(" ", "", StringComparison.Ordinal);
        // sops splits at "+arn:aws:iam::"; "+arn:" also covers the other AWS partitions (aws-us-gov, aws-cn).
        var plus = compact.IndexOf("+arn:", StringComparison.Ordinal);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["arn"] = plus > 0 ? compact[..plus] : compact,
        };
        if (plus > 0) fields["role"] = compact[(plus + 1)..];
        if (!string.IsNullOrEmpty(awsProfile)) fields["aws_profile"] = awsProfile;
        return fields;
    }
}
