using SecretsKit.Core.Errors;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Release;

/// <summary>One entry of <c>releases:</c> with helmfile's fields (see <see cref="ReleaseSpec"/>).</summary>
internal static class ReleaseSpecParser
{
    public static ReleaseSpec Read(StateYamlReader reader, YamlNode node, HelmDefaults defaults)
    {
        var m = reader.Mapping(node, "a release");
        var name = reader.OptionalString(m, "name") ?? throw reader.Error(node, "a release needs a name");
        var where = $"release {name}";
        HelmfileKeys.Release.Check(reader, m, where);
        var chart = reader.OptionalString(m, "chart") ?? throw reader.Error(node, $"{where} needs a chart");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (reader.Child(m, "labels") is { } labelNode)
        {
            foreach (var (k, v) in reader.Mapping(labelNode, $"{where} labels").Children)
                labels[reader.Scalar(k, "label name")] = reader.Scalar(v, $"{where} label value");
        }
        var entries = reader.ValuesList(m, "values");
        var set = Sets(reader, m, "set", where).Concat(Sets(reader, m, "setString", where).Select(s => s with { IsString = true })).ToList();
        return new ReleaseSpec(
            name,
            reader.OptionalString(m, "namespace") ?? "default",
            chart,
            reader.OptionalString(m, "version"),
            labels,
            reader.Bool(m, "installed", true),
            reader.StringList(m, "needs"),
            entries.Where(e => e.Path is not null).Select(e => e.Path!).ToList(),
            reader.StringList(m, "secrets"),
            set,
            StateYamlReader.Line(node))
        {
            ValueEntries = entries,
            Condition = reader.OptionalString(m, "condition"),
            KubeContext = reader.OptionalString(m, "kubeContext"),
            Settings = Settings(reader, m, defaults),
            Hooks = Hooks(reader, m, where),
            MissingFileHandler = reader.Handler(m),
        };
    }

    private static HelmDefaults? Settings(StateYamlReader reader, YamlMappingNode m, HelmDefaults d)
    {
        string[] own = ["atomic", "wait", "timeout", "historyMax", "createNamespace", "cleanupOnFail"];
        if (!own.Any(k => reader.Child(m, k) is not null)) return null;
        return d with
        {
            Atomic = reader.Bool(m, "atomic", d.Atomic),
            Wait = reader.Bool(m, "wait", d.Wait),
            Timeout = reader.Int(m, "timeout", d.Timeout),
            HistoryMax = reader.Int(m, "historyMax", d.HistoryMax),
            CreateNamespace = reader.Bool(m, "createNamespace", d.CreateNamespace),
            CleanupOnFail = reader.Bool(m, "cleanupOnFail", d.CleanupOnFail),
        };
    }

    private static IEnumerable<SetValue> Sets(StateYamlReader reader, YamlMappingNode m, string key, string where)
    {
        if (reader.Child(m, key) is not { } setNode) yield break;
        if (setNode is not YamlSequenceNode setList) throw reader.Error(setNode, $"{where}: {key} must be a list of {{name, value}}");
        foreach (var entry in setList.Children)
        {
            var e = reader.Mapping(entry, $"{where} {key} entry");
            HelmfileKeys.Set.Check(reader, e, $"{where} {key} entry");
            var setName = reader.OptionalString(e, "name") ?? throw reader.Error(entry, $"{where}: a {key} entry needs a name");
            var value = reader.OptionalString(e, "value") ?? throw reader.Error(entry, $"{where}: {key} {setName} needs a value");
            yield return new SetValue(setName, value);
        }
    }

    private static IReadOnlyList<ReleaseHook> Hooks(StateYamlReader reader, YamlMappingNode m, string where)
    {
        if (reader.Child(m, "hooks") is not { } node) return [];
        if (node is not YamlSequenceNode list) throw reader.Error(node, $"{where}: hooks must be a list");
        return list.Children.Select(item =>
        {
            var h = reader.Mapping(item, $"{where} hook");
            HelmfileKeys.Hook.Check(reader, h, $"{where} hook");
            var events = reader.StringList(h, "events");
            foreach (var ev in events.Where(e => e is not ("presync" or "postsync" or "preuninstall" or "postuninstall" or "prepare" or "cleanup" or "preapply")))
                throw reader.Error(item, $"{where}: unknown hook event '{ev}'");
            return new ReleaseHook(events,
                reader.OptionalString(h, "command") ?? throw reader.Error(item, $"{where}: a hook needs a command"),
                reader.StringList(h, "args"), reader.Bool(h, "showlogs", false));
        }).ToList();
    }
}
