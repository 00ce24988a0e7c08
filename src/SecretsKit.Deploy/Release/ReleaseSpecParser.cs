using SecretsKit.Core.Errors;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Release;

/// <summary>One entry of <c>releases:</c> with helmfile's fields (see <see cref="ReleaseSpec"/>).</summary>
internal static class ReleaseSpecParser
{
    private static readonly string[] ReleaseKeys =
    [
        "name", "namespace", "chart", "version", "labels", "installed", "condition", "needs", "values", "secrets", "set", "setString",
        "kubeContext", "createNamespace", "atomic", "wait", "timeout", "historyMax", "cleanupOnFail", "hooks", "missingFileHandler",
    ];

    /// <summary>helmfile release fields SecretsKit does not act on and that do not change the rendered manifests: a warning.</summary>
    private static readonly string[] IgnoredHelmfileKeys =
    [
        "verify", "keyring", "devel", "waitRetries", "waitForJobs", "recreatePods", "force", "disableOpenAPIValidation", "disableValidation",
        "disableValidationOnInstall", "suppressDiff", "skipDeps", "skipRefresh", "deleteWait", "deleteTimeout", "suppressOutputLineRegex",
        "insecureSkipTLSVerify", "plainHttp", "enableDNS", "takeOwnership", "reuseValues", "forceGoGetter", "adopt",
    ];

    /// <summary>helmfile release fields that change what is rendered or how helm is called: refused rather than silently dropped.</summary>
    private static readonly string[] RefusedHelmfileKeys =
    [
        "postRenderer", "postRendererArgs", "jsonPatches", "strategicMergePatches", "transformers", "dependencies", "forceNamespace",
        "valuesTemplate", "setTemplate", "kubeVersion", "apiVersions", "syncArgs", "diffArgs", "templateArgs",
    ];

    private static readonly string[] SetKeys = ["name", "value"];
    private static readonly string[] HookKeys = ["events", "command", "args", "showlogs"];

    public static ReleaseSpec Read(StateYamlReader reader, YamlNode node, HelmDefaults defaults)
    {
        var m = reader.Mapping(node, "a release");
        var name = reader.OptionalString(m, "name") ?? throw reader.Error(node, "a release needs a name");
        var where = $"release {name}";
        CheckReleaseKeys(reader, m, where);
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

    /// <summary>
    /// Like helmfile, which fails on an unknown release field: a key that is no helmfile field is an error naming the key,
    /// the release, the file and line (with the closest known key), so a typo such as <c>neeeds:</c> cannot silently drop
    /// the deploy order; a helmfile field that would change what is deployed is refused; a harmless one is a warning.
    /// </summary>
    private static void CheckReleaseKeys(StateYamlReader reader, YamlMappingNode m, string where)
    {
        foreach (var key in m.Children.Keys)
        {
            var name = reader.Scalar(key, "a key");
            if (ReleaseKeys.Contains(name, StringComparer.Ordinal)) continue;
            if (IgnoredHelmfileKeys.Contains(name, StringComparer.Ordinal))
            {
                reader.Warn(key, $"helmfile's key '{name}' in {where} is ignored by secretskit release");
                continue;
            }
            if (RefusedHelmfileKeys.Contains(name, StringComparer.Ordinal))
            {
                throw reader.Error(key, $"{where}: helmfile's key '{name}' is not supported by secretskit release (it changes what is deployed); remove it or deploy this release with helmfile");
            }
            var suggestion = EditDistance.Closest(name, ReleaseKeys.Concat(IgnoredHelmfileKeys).Concat(RefusedHelmfileKeys), 2);
            throw reader.Error(key, $"unknown key '{name}' in {where}" + (suggestion is null ? "" : $": did you mean '{suggestion}'?"));
        }
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
            reader.CheckKeys(e, SetKeys, $"{where} {key} entry");
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
            reader.CheckKeys(h, HookKeys, $"{where} hook");
            var events = reader.StringList(h, "events");
            foreach (var ev in events.Where(e => e is not ("presync" or "postsync" or "preuninstall" or "postuninstall" or "prepare" or "cleanup" or "preapply")))
                throw reader.Error(item, $"{where}: unknown hook event '{ev}'");
            return new ReleaseHook(events,
                reader.OptionalString(h, "command") ?? throw reader.Error(item, $"{where}: a hook needs a command"),
                reader.StringList(h, "args"), reader.Bool(h, "showlogs", false));
        }).ToList();
    }
}
