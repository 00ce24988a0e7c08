using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using SecretsKit.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// Typed access to a state file's YAML nodes: every type error and warning names the file and line.
/// </summary>
/// <param name="schemaHint">The hint under each error (default: where the state file's keys are listed).</param>
internal sealed class StateYamlReader(string path, string schemaHint = StateYamlReader.SchemaHint)
{
    private readonly List<string> _warnings = [];

    public string Path => path;

    public IReadOnlyList<string> Warnings => _warnings;

    public static int Line(YamlNode node) => (int)node.Start.Line;

    /// <summary>Where the accepted keys are listed (a test checks the document and its section exist).</summary>
    public const string SchemaDocument = "docs/migrate-from-helmfile.md";

    public const string SchemaSection = "What secretskit release reads";

    private const string SchemaHint = $"see \"{SchemaSection}\" in {SchemaDocument} for the keys secretskit release reads";

    /// <summary>An error naming the file <paramref name="node"/> comes from (a <c>bases:</c> file's own, <see cref="StateNodeOrigins"/>) and its line.</summary>
    public SecretsKitException Error(YamlNode node, string message) =>
        new(ExitCodes.Generic, $"{StateNodeOrigins.Of(node) ?? path}:{Line(node)}: {message}", schemaHint);

    public static SecretsKitException Error(string path, int line, string message) =>
        new(ExitCodes.Generic, $"{path}:{line}: {message}", SchemaHint);

    public YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping");

    public string Scalar(YamlNode node, string what) =>
        node is YamlScalarNode { Value: { } v } ? v : throw Error(node, $"{what} must be a string");

    /// <summary>A warning naming the file and the line of <paramref name="node"/>.</summary>
    /// <summary>Where <paramref name="node"/> was written: its file (a <c>bases:</c> file's own) and line, as errors name it.</summary>
    public string Where(YamlNode node) => $"{StateNodeOrigins.Of(node) ?? path}:{Line(node)}";

    /// <summary>Where each item of the list under <paramref name="key"/> was written (<see cref="Where"/>); empty when absent.</summary>
    public IReadOnlyList<string> ItemOrigins(YamlMappingNode mapping, string key) =>
        Child(mapping, key) is YamlSequenceNode seq ? [.. seq.Children.Select(Where)] : [];

    public void Warn(YamlNode node, string message) => _warnings.Add($"{StateNodeOrigins.Of(node) ?? path}:{Line(node)}: {message}");

    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Read through the reader instance like its other lookups.")]
    public YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is not YamlScalarNode { Value: null or "", Style: ScalarStyle.Plain }
            ? value
            : null;

    public string? OptionalString(YamlMappingNode mapping, string key) =>
        Child(mapping, key) is { } node ? Scalar(node, key) : null;

    public bool Bool(YamlMappingNode mapping, string key, bool fallback) => OptionalBool(mapping, key) ?? fallback;

    public bool? OptionalBool(YamlMappingNode mapping, string key)
    {
        if (Child(mapping, key) is not { } node) return null;
        return Scalar(node, key) switch
        {
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            var other => throw Error(node, $"{key} must be true or false (got '{Echo.Bounded(other)}')"),
        };
    }

    public int Int(YamlMappingNode mapping, string key, int fallback) => OptionalInt(mapping, key) ?? fallback;

    public int? OptionalInt(YamlMappingNode mapping, string key)
    {
        if (Child(mapping, key) is not { } node) return null;
        return int.TryParse(Scalar(node, key), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw Error(node, $"{key} must be a whole number");
    }

    public IReadOnlyList<string> StringList(YamlMappingNode mapping, string key)
    {
        if (Child(mapping, key) is not { } node) return [];
        if (node is not YamlSequenceNode seq) throw Error(node, $"{key} must be a list");
        return seq.Children.Select(c => Scalar(c, $"an item of {key}")).ToList();
    }

    /// <summary>A <c>values:</c> list: file paths and inline maps, in order.</summary>
    public IReadOnlyList<ValuesEntry> ValuesList(YamlMappingNode mapping, string key)
    {
        if (Child(mapping, key) is not { } node) return [];
        if (node is not YamlSequenceNode seq) throw Error(node, $"{key} must be a list");
        return seq.Children.Select(c => c switch
        {
            YamlMappingNode inline => ValuesEntry.Inline(ToYaml(inline)) with { Where = Where(c) },
            _ => ValuesEntry.File(Scalar(c, $"an item of {key}")) with { Where = Where(c) },
        }).ToList();
    }

    /// <summary>A mapping of strings (<c>labels</c>, <c>commonLabels</c>); empty when absent.</summary>
    public Dictionary<string, string> StringMap(YamlMappingNode mapping, string key)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Child(mapping, key) is not { } node) return map;
        foreach (var (k, v) in Mapping(node, key).Children) map[Scalar(k, $"a key of {key}")] = Scalar(v, $"a value of {key}");
        return map;
    }

    /// <summary><c>missingFileHandlerConfig</c>: its keys checked (it concerns git remote files only, which are not fetched).</summary>
    public void CheckHandlerConfig(YamlMappingNode mapping)
    {
        if (Child(mapping, "missingFileHandlerConfig") is not { } node) return;
        var config = Mapping(node, "missingFileHandlerConfig");
        HelmfileKeys.MissingFileHandlerConfig.Check(this, config, "missingFileHandlerConfig");
        OptionalBool(config, "ignoreMissingGitBranch");
    }

    public MissingFileHandler? Handler(YamlMappingNode mapping) =>
        OptionalString(mapping, "missingFileHandler") is { } text
            ? MissingFiles.Parse(text, m => Error(Child(mapping, "missingFileHandler")!, m))
            : null;

    public static string ToYaml(YamlNode node)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        var text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    /// <summary>A Go duration (<c>72h</c>, <c>30s</c>, <c>1h30m</c>), not negative; the promotion file writes its times so.</summary>
    public TimeSpan Duration(YamlNode node, string key)
    {
        var text = Scalar(node, key);
        if (!Go.Time.GoDuration.TryParse(text, out var duration) || duration < TimeSpan.Zero)
        {
            throw Error(node, $"{key} must be a duration such as 30s, 10m or 72h (got '{Echo.Bounded(text)}')");
        }
        return duration;
    }

    /// <summary>The value of the spelling under <paramref name="key"/> among <paramref name="choices"/>; <paramref name="fallback"/> when absent.</summary>
    public T Choice<T>(YamlMappingNode mapping, string key, T fallback, params (string Text, T Value)[] choices)
    {
        if (Child(mapping, key) is not { } node) return fallback;
        var text = Scalar(node, key);
        foreach (var (spelling, value) in choices)
        {
            if (spelling == text) return value;
        }
        throw Error(node, $"{key} must be one of {string.Join(", ", choices.Select(c => c.Text))} (got '{Echo.Bounded(text)}')");
    }
}
