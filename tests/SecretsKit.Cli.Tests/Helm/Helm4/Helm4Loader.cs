using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Cli.Tests.Helm.Helm4;

/// <summary>
/// Loads plugin manifests by the rules of Helm 4.2.4's loader (stricter in places than the real Helm 4.1.4 the tests
/// also run, which is why these rules stay: a manifest must load on both). Each rule names the
/// Helm source file it comes from (facts in ../shared/research/helm4-plugins.md). Used by the contract test over
/// SecretsKit's Helm 4 plugins and by tests/peers/helm4-conformance.sh over helm-secrets' own manifests.
/// </summary>
internal static partial class Helm4Loader
{
    // internal/plugin/metadata_v1.go MetadataV1, decoded with KnownFields(true) by internal/plugin/loader.go
    private static readonly string[] V1Keys = ["apiVersion", "name", "type", "runtime", "version", "sourceURL", "config", "runtimeConfig"];

    // internal/plugin/plugin_type_registry.go
    private static readonly string[] Types = ["test/v1", "cli/v1", "getter/v1", "postrenderer/v1"];

    // internal/plugin/schema/cli.go, getter.go, postrenderer.go, test.go: config is decoded strictly per type
    private static readonly Dictionary<string, string[]> ConfigKeys = new(StringComparer.Ordinal)
    {
        ["cli/v1"] = ["usage", "shortHelp", "longHelp", "ignoreFlags"],
        ["getter/v1"] = ["protocols"],
        ["postrenderer/v1"] = [],
        ["test/v1"] = [],
    };

    /// <summary>
    /// Loads every plugin directory under <paramref name="pluginsDirectory"/> as Helm 4.1.4 (the real binary the tests
    /// run) does for HELM_PLUGINS: a manifest that does not load is skipped with Helm's warning
    /// <c>failed to load plugin (ignoring)</c> (added to <paramref name="warnings"/>) and the rest load; only two plugins
    /// of one name (any types) fail the whole directory (internal/plugin/loader.go LoadAll / detectDuplicates).
    /// </summary>
    public static IReadOnlyList<Helm4Plugin> LoadAll(string pluginsDirectory, ICollection<string>? warnings = null)
    {
        var plugins = new List<Helm4Plugin>();
        foreach (var directory in Directory.EnumerateDirectories(pluginsDirectory).Order(StringComparer.Ordinal)
                     .Where(d => File.Exists(Path.Combine(d, "plugin.yaml"))))
        {
            try
            {
                plugins.Add(Load(directory));
            }
            catch (Helm4LoadException e)
            {
                warnings?.Add($"failed to load plugin (ignoring) plugin_yaml={Path.Combine(directory, "plugin.yaml")} error={e.Message}");
            }
        }
        var duplicate = plugins.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new Helm4LoadException($"two plugins claim the name \"{duplicate.Key}\" (internal/plugin/loader.go detectDuplicates): Helm 4 loads no plugin at all");
        }
        return plugins;
    }

    /// <summary>Loads one plugin directory (internal/plugin/loader.go loadMetadata: legacy or v1 by <c>apiVersion</c>).</summary>
    public static Helm4Plugin Load(string directory)
    {
        var manifest = Path.Combine(directory, "plugin.yaml");
        var stream = new YamlStream();
        using (var reader = new StreamReader(manifest)) stream.Load(reader);
        var root = stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode m
            ? m
            : throw new Helm4LoadException($"{manifest}: not one YAML mapping (internal/plugin/loader.go)");
        return Scalar(root, "apiVersion") is null ? LoadLegacy(directory, root) : LoadV1(directory, root);
    }

    private static Helm4Plugin LoadV1(string directory, YamlMappingNode root)
    {
        Strict(root, V1Keys, "plugin.yaml", "internal/plugin/loader.go: yaml KnownFields(true) since Helm 4.1.0");
        var name = Scalar(root, "name") ?? "";
        var version = Scalar(root, "version") ?? "";
        var type = Scalar(root, "type") ?? "";
        var runtime = Scalar(root, "runtime") ?? "";
        if (Scalar(root, "apiVersion") != "v1") Fail("apiVersion must be v1", "internal/plugin/metadata_v1.go Validate");
        if (!PluginName().IsMatch(name)) Fail($"invalid plugin name '{name}'", "internal/plugin/metadata_v1.go validPluginName ^[A-Za-z0-9_-]+$");
        if (version.Length == 0) Fail("plugin version is required", "internal/plugin/metadata_v1.go Validate");
        if (!StrictSemver().IsMatch(version)) Fail($"version '{version}' is not strict semver", "internal/plugin/metadata.go isValidSemver (semver.StrictNewVersion)");
        if (!Types.Contains(type)) Fail($"unknown type '{type}'", "internal/plugin/plugin_type_registry.go");
        if (runtime is not ("subprocess" or "extism/v1")) Fail($"unsupported runtime '{runtime}'", "internal/plugin/metadata.go convertMetadataRuntimeConfig");
        var config = root.Children.TryGetValue(new YamlScalarNode("config"), out var c) ? c as YamlMappingNode : null;
        if (config is not null) Strict(config, ConfigKeys[type], $"config of {type}", $"internal/plugin/schema/{type.Split('/')[0]}.go (strict unmarshal)");
        var protocols = config is null ? [] : Sequence(config, "protocols");
        if (type == "getter/v1" && protocols.Count == 0) Fail("getter/v1 needs config.protocols", "internal/plugin/schema/getter.go Validate");
        // runtimeConfig is not strict: unknown keys are ignored (internal/plugin/runtime_subprocess.go RuntimeConfigSubprocess)
        var runtimeConfig = root.Children.TryGetValue(new YamlScalarNode("runtimeConfig"), out var r) ? r as YamlMappingNode : null;
        var platform = runtimeConfig is null ? [] : PlatformCommands(runtimeConfig);
        var protocolCommands = runtimeConfig is null ? [] : ProtocolCommands(runtimeConfig);
        return new Helm4Plugin(directory, "v1", name, type, version, protocols,
            config is null ? null : Scalar(config, "usage"), platform, protocolCommands);
    }

    /// <summary>internal/plugin/metadata.go fromMetadataLegacy: a getter when it has downloaders, else cli/v1.</summary>
    private static Helm4Plugin LoadLegacy(string directory, YamlMappingNode root)
    {
        var name = Scalar(root, "name") ?? "";
        if (!PluginName().IsMatch(name)) Fail($"invalid plugin name '{name}'", "internal/plugin/metadata_legacy.go Validate");
        var downloaders = root.Children.TryGetValue(new YamlScalarNode("downloaders"), out var d) && d is YamlSequenceNode s
            ? s.Children.OfType<YamlMappingNode>().ToList()
            : [];
        var protocolCommands = downloaders
            .Select(x => new Helm4ProtocolCommand(Sequence(x, "protocols"), [new Helm4PlatformCommand("", "", Scalar(x, "command") ?? "", [])]))
            .ToList();
        var platform = PlatformCommands(root);
        if (platform.Count == 0 && Scalar(root, "command") is { } command) platform = [new Helm4PlatformCommand("", "", command, [])];
        var type = downloaders.Count > 0 ? "getter/v1" : "cli/v1";
        return new Helm4Plugin(directory, "legacy", name, type, Scalar(root, "version") ?? "",
            protocolCommands.SelectMany(p => p.Protocols).ToList(), null, platform, protocolCommands);
    }

    private static List<Helm4PlatformCommand> PlatformCommands(YamlMappingNode parent) =>
        parent.Children.TryGetValue(new YamlScalarNode("platformCommand"), out var n) && n is YamlSequenceNode seq
            ? seq.Children.OfType<YamlMappingNode>()
                .Select(e => new Helm4PlatformCommand(Scalar(e, "os") ?? "", Scalar(e, "arch") ?? "", Scalar(e, "command") ?? "", Sequence(e, "args")))
                .ToList()
            : [];

    private static List<Helm4ProtocolCommand> ProtocolCommands(YamlMappingNode runtimeConfig) =>
        runtimeConfig.Children.TryGetValue(new YamlScalarNode("protocolCommands"), out var n) && n is YamlSequenceNode seq
            ? seq.Children.OfType<YamlMappingNode>().Select(e => new Helm4ProtocolCommand(Sequence(e, "protocols"), PlatformCommands(e))).ToList()
            : [];

    private static void Strict(YamlMappingNode node, string[] known, string what, string rule)
    {
        foreach (var key in node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? ""))
        {
            if (!known.Contains(key, StringComparer.Ordinal)) Fail($"unknown field '{key}' in {what}", rule);
        }
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;

    private static List<string> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlSequenceNode s
            ? s.Children.OfType<YamlScalarNode>().Select(x => x.Value ?? "").ToList()
            : [];

    private static void Fail(string what, string rule) => throw new Helm4LoadException($"{what} ({rule})");

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex PluginName();

    // semver.org 2.0.0 (what Masterminds/semver StrictNewVersion accepts: no leading v, all three numbers)
    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-((0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$")]
    private static partial Regex StrictSemver();
}
