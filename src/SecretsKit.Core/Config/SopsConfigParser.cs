using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Platform;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Core.Config;

/// <summary>
/// Reads <c>.sops.yaml</c> (first YAML document) into a <see cref="SopsConfig"/> with the YamlDotNet
/// representation model. Unknown keys are ignored, as in sops; wrong shapes and broken YAML fail with exit 1
/// naming the file, the setting and the line/column.
/// </summary>
public static class SopsConfigParser
{
    public static Task<SopsConfig> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Load(path));
    }

    /// <summary>The config file at <paramref name="path"/>, read up to <see cref="MaxConfigBytes"/> and parsed.</summary>
    public static SopsConfig Load(string path)
    {
        string text;
        try
        {
            text = ReadBounded(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"cannot read config file {path}: {e.Message}", inner: e);
        }
        return Parse(text, path);
    }

    /// <summary>Deepest nesting of a <c>.sops.yaml</c> (200,000 levels overflowed the stack).</summary>
    public const int MaxDepth = 1_000;

    /// <summary>Largest <c>.sops.yaml</c> read (1 MiB, far above any real one).</summary>
    public const int MaxConfigBytes = 1 << 20;

    /// <summary>
    /// The file's text, read up to <see cref="MaxConfigBytes"/>: the bound is on what is read, not on the length the file
    /// system reports, so a <c>.sops.yaml</c> linked to <c>/dev/zero</c> (length 0, never ends) is refused, not read forever.
    /// </summary>
    private static string ReadBounded(string path)
    {
        byte[] bytes;
        try
        {
            bytes = BoundedInput.ReadFile(path, $"config file {path}", MaxConfigBytes);
        }
        catch (SecretsKitException e)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"config file {path} is larger than {MaxConfigBytes >> 20} MiB, not read",
                "a .sops.yaml this large is refused (is it a device or a pipe?)", inner: e);
        }
        using var reader = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    public static SopsConfig Parse(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            YamlStreamLoader.Load(stream, text, MaxDepth);
        }
        catch (YamlException e)
        {
            var reason = YamlStreamLoader.Reason(e.InnerException as YamlException ?? e);
            throw new SecretsKitException(ExitCodes.Generic,
                $"{path}: invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {reason}", inner: e);
        }

        var reader = new ConfigYamlReader(path);
        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        if (ConfigYamlReader.IsNull(root))
        {
            return new SopsConfig(path, null, Array.Empty<DestinationRule>(), StoresConfig.Default);
        }
        if (root is not YamlMappingNode top)
        {
            throw reader.Error(root!, "the top level must be a mapping (creation_rules, destination_rules, stores)");
        }

        var keyGroups = new KeyGroupParser(reader);
        IReadOnlyList<CreationRule>? creationRules = null;
        var rulesNode = reader.Sequence(top, "creation_rules", "config");
        if (rulesNode is not null)
        {
            creationRules = rulesNode.Children
                .Select((node, i) => ParseRule(reader, keyGroups, node, i, $"creation_rules[{i}]"))
                .ToList();
        }

        var destinations = new List<DestinationRule>();
        var destinationsNode = reader.Sequence(top, "destination_rules", "config");
        if (destinationsNode is not null)
        {
            for (var i = 0; i < destinationsNode.Children.Count; i++)
            {
                destinations.Add(ParseDestination(reader, keyGroups, destinationsNode.Children[i], i));
            }
        }

        return new SopsConfig(path, creationRules, destinations, ParseStores(reader, top));
    }

    private static CreationRule ParseRule(ConfigYamlReader reader, KeyGroupParser keyGroups, YamlNode node, int index, string where)
    {
        if (ConfigYamlReader.IsNull(node))
        {
            return new CreationRule(index, null, [KeyGroupSpec.Empty], false, 0, new CryptRules(), false, null) { Location = where };
        }
        if (node is not YamlMappingNode rule)
        {
            throw reader.Error(node, $"{where} must be a mapping");
        }

        var groupsNode = reader.Sequence(rule, "key_groups", where);
        var usesKeyGroups = groupsNode is { Children.Count: > 0 };
        IReadOnlyList<KeyGroupSpec> groups = usesKeyGroups
            ? groupsNode!.Children.Select((g, i) => keyGroups.Group(g, $"{where}.key_groups[{i}]")).ToList()
            : [keyGroups.RuleGroup(rule, where)];

        var crypt = new CryptRules(
            UnencryptedSuffix: reader.String(rule, "unencrypted_suffix", where),
            EncryptedSuffix: reader.String(rule, "encrypted_suffix", where),
            UnencryptedRegex: reader.String(rule, "unencrypted_regex", where),
            EncryptedRegex: reader.String(rule, "encrypted_regex", where),
            UnencryptedCommentRegex: reader.String(rule, "unencrypted_comment_regex", where),
            EncryptedCommentRegex: reader.String(rule, "encrypted_comment_regex", where));

        var pathRegex = reader.String(rule, "path_regex", where);
        var scan = reader.Mapping(rule, "scan", where);
        return new CreationRule(
            index,
            string.IsNullOrEmpty(pathRegex) ? null : pathRegex,
            groups,
            usesKeyGroups,
            reader.Int(rule, "shamir_threshold", where) ?? 0,
            crypt,
            reader.Bool(rule, "mac_only_encrypted", where),
            reader.String(rule, "aws_profile", where))
        {
            Location = where,
            RequireEncrypted = scan is not null && reader.Bool(scan, "require_encrypted", $"{where}.scan"),
            Flux = scan is not null && reader.Bool(scan, "flux", $"{where}.scan"),
            SharedRecipients = scan is null ? [] : reader.StringList(scan, "shared_recipients", $"{where}.scan"),
        };
    }

    private static DestinationRule ParseDestination(ConfigYamlReader reader, KeyGroupParser keyGroups, YamlNode node, int index)
    {
        var where = $"destination_rules[{index}]";
        if (node is not YamlMappingNode rule)
        {
            throw reader.Error(node, $"{where} must be a mapping");
        }
        var recreation = reader.Get(rule, "recreation_rule");
        return new DestinationRule(
            index,
            NullIfEmpty(reader.String(rule, "path_regex", where)),
            NullIfEmpty(reader.String(rule, "s3_bucket", where)),
            NullIfEmpty(reader.String(rule, "s3_prefix", where)),
            NullIfEmpty(reader.String(rule, "gcs_bucket", where)),
            NullIfEmpty(reader.String(rule, "gcs_prefix", where)),
            NullIfEmpty(reader.String(rule, "vault_path", where)),
            NullIfEmpty(reader.String(rule, "vault_address", where)),
            NullIfEmpty(reader.String(rule, "vault_kv_mount_name", where)),
            reader.Int(rule, "vault_kv_version", where),
            recreation is null ? null : ParseRule(reader, keyGroups, recreation, index, $"{where}.recreation_rule"),
            reader.Bool(rule, "omit_extensions", where));
    }

    private static StoresConfig ParseStores(ConfigYamlReader reader, YamlMappingNode top)
    {
        var stores = reader.Mapping(top, "stores", "config");
        if (stores is null) return StoresConfig.Default;
        return new StoresConfig(
            Indent(reader, stores, "yaml"),
            Indent(reader, stores, "json"),
            Indent(reader, stores, "json_binary"));
    }

    private static int? Indent(ConfigYamlReader reader, YamlMappingNode stores, string store)
    {
        var section = reader.Mapping(stores, store, "stores");
        if (section is null || reader.Int(section, "indent", $"stores.{store}") is not { } indent) return null;
        // sops panics on a negative indent (yaml.v3's SetIndent, strings.Repeat); a clear error instead
        if (indent < 0) throw reader.Error(section.Children[new YamlScalarNode("indent")], $"stores.{store}.indent must be 0 or more, not {indent}");
        return indent;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
