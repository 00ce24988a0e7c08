using SecretsKit.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Release;

/// <summary>
/// Reads <c>secretskit-release.yaml</c> with YamlDotNet's representation model. Every key is checked: an unknown one is
/// an error naming the key and its line (a typo must not silently drop a setting); so is a wrong type.
/// </summary>
public static class ReleaseFileParser
{
    public const string DefaultFileName = "secretskit-release.yaml";

    private static readonly string[] TopKeys = ["environments", "helmDefaults", "releases"];
    private static readonly string[] EnvironmentKeys = ["kubeContext", "values", "secrets"];
    private static readonly string[] DefaultsKeys = ["atomic", "wait", "timeout", "historyMax", "createNamespace", "cleanupOnFail", "kubeContext"];
    private static readonly string[] ReleaseKeys = ["name", "namespace", "chart", "version", "labels", "installed", "needs", "values", "secrets", "set"];
    private static readonly string[] SetKeys = ["name", "value"];

    public static ReleaseFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"release file {path} does not exist",
                $"create {DefaultFileName} or pass --file");
        }
        return Parse(File.ReadAllText(path), path);
    }

    public static ReleaseFile Parse(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw Error(path, (int)e.Start.Line, $"not valid YAML: {e.Message}");
        }
        if (stream.Documents.Count == 0) throw Error(path, 1, "the file is empty");
        if (stream.Documents.Count > 1) throw Error(path, (int)stream.Documents[1].RootNode.Start.Line, "only one YAML document is allowed");
        var reader = new Reader(path);
        var root = reader.Mapping(stream.Documents[0].RootNode, "the document");
        reader.CheckKeys(root, TopKeys, "top level");

        var environments = new Dictionary<string, ReleaseEnvironment>(StringComparer.Ordinal);
        if (reader.Child(root, "environments") is { } envNode)
        {
            foreach (var (key, value) in reader.Mapping(envNode, "environments").Children)
            {
                var name = reader.Scalar(key, "environment name");
                var env = value is YamlScalarNode { Value: null or "" } ? new YamlMappingNode() : reader.Mapping(value, $"environments.{name}");
                reader.CheckKeys(env, EnvironmentKeys, $"environments.{name}");
                environments[name] = new ReleaseEnvironment(name,
                    reader.OptionalString(env, "kubeContext"),
                    reader.StringList(env, "values"),
                    reader.StringList(env, "secrets"));
            }
        }

        var defaults = new HelmDefaults();
        if (reader.Child(root, "helmDefaults") is { } defNode)
        {
            var d = reader.Mapping(defNode, "helmDefaults");
            reader.CheckKeys(d, DefaultsKeys, "helmDefaults");
            defaults = new HelmDefaults(
                reader.Bool(d, "atomic", defaults.Atomic),
                reader.Bool(d, "wait", defaults.Wait),
                reader.Int(d, "timeout", defaults.Timeout),
                reader.Int(d, "historyMax", defaults.HistoryMax),
                reader.Bool(d, "createNamespace", defaults.CreateNamespace),
                reader.Bool(d, "cleanupOnFail", defaults.CleanupOnFail),
                reader.OptionalString(d, "kubeContext"));
        }

        var releases = new List<ReleaseSpec>();
        if (reader.Child(root, "releases") is { } relNode)
        {
            if (relNode is not YamlSequenceNode list) throw Error(path, Line(relNode), "releases must be a list");
            foreach (var item in list.Children) releases.Add(ReadRelease(reader, item));
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in releases)
        {
            if (seen.TryGetValue(r.Id, out var first))
                throw Error(path, r.Line, $"release {r.Id} is defined twice (first at line {first})");
            seen[r.Id] = r.Line;
        }
        return new ReleaseFile(path, environments, defaults, releases);
    }

    private static ReleaseSpec ReadRelease(Reader reader, YamlNode node)
    {
        var m = reader.Mapping(node, "a release");
        var name = reader.OptionalString(m, "name") ?? throw Error(reader.Path, Line(node), "a release needs a name");
        var where = $"release {name}";
        reader.CheckKeys(m, ReleaseKeys, where);
        var chart = reader.OptionalString(m, "chart") ?? throw Error(reader.Path, Line(node), $"{where} needs a chart");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (reader.Child(m, "labels") is { } labelNode)
        {
            foreach (var (k, v) in reader.Mapping(labelNode, $"{where} labels").Children)
                labels[reader.Scalar(k, "label name")] = reader.Scalar(v, $"{where} label value");
        }
        var set = new List<SetValue>();
        if (reader.Child(m, "set") is { } setNode)
        {
            if (setNode is not YamlSequenceNode setList) throw Error(reader.Path, Line(setNode), $"{where}: set must be a list of {{name, value}}");
            foreach (var entry in setList.Children)
            {
                var e = reader.Mapping(entry, $"{where} set entry");
                reader.CheckKeys(e, SetKeys, $"{where} set entry");
                var setName = reader.OptionalString(e, "name") ?? throw Error(reader.Path, Line(entry), $"{where}: a set entry needs a name");
                var value = reader.OptionalString(e, "value") ?? throw Error(reader.Path, Line(entry), $"{where}: set {setName} needs a value");
                set.Add(new SetValue(setName, value));
            }
        }
        return new ReleaseSpec(
            name,
            reader.OptionalString(m, "namespace") ?? "default",
            chart,
            reader.OptionalString(m, "version"),
            labels,
            reader.Bool(m, "installed", true),
            reader.StringList(m, "needs"),
            reader.StringList(m, "values"),
            reader.StringList(m, "secrets"),
            set,
            Line(node));
    }

    internal static int Line(YamlNode node) => (int)node.Start.Line;

    internal static SecretsKitException Error(string path, int line, string message) =>
        new(ExitCodes.Generic, $"{path}:{line}: {message}", $"see the \"Release pipeline\" section of the README for the schema");

    /// <summary>Typed access to mapping entries; every failure names the file, line and key.</summary>
    private sealed class Reader(string path)
    {
        public string Path => path;

        public YamlMappingNode Mapping(YamlNode node, string what) =>
            node as YamlMappingNode ?? throw Error(path, Line(node), $"{what} must be a mapping");

        public string Scalar(YamlNode node, string what) =>
            node is YamlScalarNode { Value: { } v } ? v : throw Error(path, Line(node), $"{what} must be a string");

        public void CheckKeys(YamlMappingNode mapping, string[] allowed, string where)
        {
            foreach (var key in mapping.Children.Keys)
            {
                var name = Scalar(key, "a key");
                if (!allowed.Contains(name, StringComparer.Ordinal))
                {
                    throw Error(path, Line(key), $"unknown key '{name}' in {where} (allowed: {string.Join(", ", allowed)})");
                }
            }
        }

        public YamlNode? Child(YamlMappingNode mapping, string key) =>
            mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is not YamlScalarNode { Value: null or "", Style: ScalarStyle.Plain }
                ? value
                : null;

        public string? OptionalString(YamlMappingNode mapping, string key) =>
            Child(mapping, key) is { } node ? Scalar(node, key) : null;

        public bool Bool(YamlMappingNode mapping, string key, bool fallback)
        {
            if (Child(mapping, key) is not { } node) return fallback;
            return Scalar(node, key) switch
            {
                "true" or "True" or "TRUE" => true,
                "false" or "False" or "FALSE" => false,
                _ => throw Error(path, Line(node), $"{key} must be true or false"),
            };
        }

        public int Int(YamlMappingNode mapping, string key, int fallback)
        {
            if (Child(mapping, key) is not { } node) return fallback;
            return int.TryParse(Scalar(node, key), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                ? n
                : throw Error(path, Line(node), $"{key} must be a whole number");
        }

        public IReadOnlyList<string> StringList(YamlMappingNode mapping, string key)
        {
            if (Child(mapping, key) is not { } node) return [];
            if (node is not YamlSequenceNode seq) throw Error(path, Line(node), $"{key} must be a list");
            return seq.Children.Select(c => Scalar(c, $"an item of {key}")).ToList();
        }
    }
}
