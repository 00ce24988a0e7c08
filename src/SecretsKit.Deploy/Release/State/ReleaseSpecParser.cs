using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Release.State;

/// <summary>One entry of <c>releases:</c> with helmfile's fields (see <see cref="ReleaseSpec"/>).</summary>
internal static class ReleaseSpecParser
{
    /// <summary>What a state gives all its releases: helmDefaults, templates, <c>commonLabels</c>, <c>kubeVersion</c>, <c>apiVersions</c>.</summary>
    public sealed record StateDefaults(HelmDefaults Defaults, ReleaseTemplates Templates, IReadOnlyDictionary<string, string> CommonLabels,
        string? KubeVersion, IReadOnlyList<string> ApiVersions);

    private static readonly string[] HelmEvents = ["prepare", "preapply", "presync", "postsync", "preuninstall", "postuninstall", "cleanup"];

    public static ReleaseSpec Read(StateYamlReader reader, YamlNode node, StateDefaults state)
    {
        var written = reader.Mapping(node, "a release");
        var name = reader.OptionalString(written, "name") ?? throw reader.Error(node, "a release needs a name");
        var where = $"release {name}";
        HelmfileKeys.Release.Check(reader, written, where);
        reader.CheckHandlerConfig(written);
        var m = state.Templates.Apply(written, name);
        var chart = reader.OptionalString(m, "chart") ?? throw reader.Error(node, $"{where} needs a chart");
        var labels = reader.StringMap(m, "labels");
        foreach (var (k, v) in state.CommonLabels) labels[k] = v; // helmfile: commonLabels override the release's own
        // helmfile puts valuesTemplate before values and setTemplate before set
        var entries = reader.ValuesList(m, "valuesTemplate").Select(e => e with { Templated = true }).Concat(reader.ValuesList(m, "values")).ToList();
        var set = Sets(reader, m, "setTemplate", where).Concat(Sets(reader, m, "set", where))
            .Concat(Sets(reader, m, "setString", where).Select(s => s with { IsString = true })).ToList();
        var apiVersions = reader.StringList(m, "apiVersions");
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
            ConditionTemplate = reader.OptionalString(m, "conditionTemplate"),
            InstalledTemplate = reader.OptionalString(m, "installedTemplate"),
            KubeContext = reader.OptionalString(m, "kubeContext"),
            Settings = Settings(reader, m, state.Defaults),
            Hooks = Hooks(reader, m, where),
            MissingFileHandler = reader.Handler(m),
            KubeVersion = reader.OptionalString(m, "kubeVersion") ?? state.KubeVersion,
            ApiVersions = apiVersions.Count > 0 ? apiVersions : state.ApiVersions,
        };
    }

    private static HelmDefaults? Settings(StateYamlReader reader, YamlMappingNode m, HelmDefaults d)
    {
        string[] own = ["atomic", "rollbackOnFailure", "wait", "timeout", "historyMax", "createNamespace", "cleanupOnFail", "postRenderer", "postRendererArgs"];
        if (!own.Any(k => reader.Child(m, k) is not null)) return null;
        var args = reader.StringList(m, "postRendererArgs");
        return Rollback(reader, m, d) with
        {
            Wait = reader.Bool(m, "wait", d.Wait),
            Timeout = reader.Int(m, "timeout", d.Timeout),
            HistoryMax = reader.Int(m, "historyMax", d.HistoryMax),
            CreateNamespace = reader.Bool(m, "createNamespace", d.CreateNamespace),
            CleanupOnFail = reader.Bool(m, "cleanupOnFail", d.CleanupOnFail),
            PostRenderer = reader.OptionalString(m, "postRenderer") is { Length: > 0 } p ? p : d.PostRenderer,
            PostRendererArgs = args.Count > 0 ? args : d.PostRendererArgs,
        };
    }

    /// <summary>
    /// <c>atomic</c> and helmfile's <c>rollbackOnFailure</c> over <paramref name="d"/>, each on its own as in helmfile
    /// (either on means "roll back on failure"); <c>atomic: true</c> with rollbackOnFailure on is helmfile's error.
    /// </summary>
    internal static HelmDefaults Rollback(StateYamlReader reader, YamlMappingNode m, HelmDefaults d)
    {
        var atomic = reader.OptionalBool(m, "atomic");
        var rollback = reader.OptionalBool(m, "rollbackOnFailure");
        if (atomic == true && (rollback ?? d.RollbackOnFailure))
        {
            throw reader.Error(reader.Child(m, "atomic")!,
                "atomic and rollbackOnFailure are mutually exclusive (check both releases[].atomic/rollbackOnFailure and helmDefaults.atomic/rollbackOnFailure)");
        }
        return d with { Atomic = atomic ?? d.Atomic, RollbackOnFailure = rollback ?? d.RollbackOnFailure };
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
            var value = reader.OptionalString(e, "value") ?? "";
            var file = reader.OptionalString(e, "file");
            var values = reader.Child(e, "values") is { } v
                ? v is YamlSequenceNode ? reader.StringList(e, "values") : [reader.Scalar(v, "values")]
                : [];
            if (value.Length == 0 && file is null && values.Count == 0)
                throw reader.Error(entry, $"{where}: {key} {setName} needs a value, a file or values");
            if (key == "setString" && value.Length == 0 && file is not null)
                throw reader.Error(entry, $"{where}: setString {setName}: file is read by set only (helmfile passes no --set-file for setString)");
            yield return new SetValue(setName, value) { File = file, Values = values };
        }
    }

    /// <summary>A <c>hooks:</c> list (a release's, or the top level's global hooks).</summary>
    public static IReadOnlyList<ReleaseHook> Hooks(StateYamlReader reader, YamlMappingNode m, string where)
    {
        if (reader.Child(m, "hooks") is not { } node) return [];
        if (node is not YamlSequenceNode list) throw reader.Error(node, $"{where}: hooks must be a list");
        var global = where == "the top level";
        return list.Children.Select(item =>
        {
            var h = reader.Mapping(item, $"{where} hook");
            HelmfileKeys.Hook.Check(reader, h, $"{where} hook");
            var events = reader.StringList(h, "events");
            foreach (var ev in events.Where(e => !HelmEvents.Contains(e, StringComparer.Ordinal)))
                throw reader.Error(item, $"{where}: unknown hook event '{ev}' (helmfile's events: {string.Join(", ", HelmEvents)})");
            foreach (var ev in events.Where(e => global && e is not ("prepare" or "cleanup")))
                reader.Warn(item, $"global hooks run only at prepare and cleanup: '{ev}' never fires here (put it in a release's hooks)");
            return new ReleaseHook(events,
                reader.OptionalString(h, "command") ?? throw reader.Error(item, $"{where}: a hook needs a command"),
                reader.StringList(h, "args"), reader.Bool(h, "showlogs", false));
        }).ToList();
    }
}
