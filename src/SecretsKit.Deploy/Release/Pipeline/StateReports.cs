using System.Globalization;
using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.State;
using SecretsKit.Templates.Syntax;
using SecretsKit.Templates.Yaml;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// The commands that only read the loaded state: <c>list</c> (helmfile's table), <c>show-dag</c> (needs groups) and
/// <c>build</c> (the rendered state as YAML, every string that came from a decrypted secret replaced).
/// </summary>
public static class StateReports
{
    public const string Redacted = "[redacted]";

    public static string List(IReadOnlyList<ReleaseSpec> releases) =>
        Table(["NAME", "NAMESPACE", "ENABLED", "INSTALLED", "LABELS", "CHART", "VERSION"], releases.Select(r => new[]
        {
            r.Name, r.Namespace, r.Enabled ? "true" : "false", r.Installed ? "true" : "false",
            string.Join(",", ReleaseSelector.AllLabels(r).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}:{kv.Value}")),
            r.Chart, r.Version ?? "",
        }));

    public static string ShowDag(IReadOnlyList<ReleaseSpec> all, IReadOnlyList<ReleaseSpec> selected)
    {
        var levels = ReleaseGraph.Levels(all, selected);
        return Table(["GROUP", "RELEASE", "DEPENDENCIES"], levels.SelectMany((level, i) => level.Select(r => new[]
        {
            (i + 1).ToString(CultureInfo.InvariantCulture), r.Id,
            string.Join(", ", r.Needs.Select(n => ReleaseGraph.Resolve(all, r, n).Id)),
        })));
    }

    public static string Build(LoadedState state)
    {
        var file = state.File;
        var sensitive = file.SensitiveValues;
        var doc = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["environment"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["name"] = state.Environment,
                ["kubeContext"] = file.Environments.Values.FirstOrDefault()?.KubeContext,
                ["values"] = Redact(state.Values, sensitive),
            },
            ["helmDefaults"] = Defaults(file.Defaults),
            ["repositories"] = file.Repositories.Select(r => (object?)new Dictionary<string, object?> { ["name"] = r.Name, ["url"] = r.Url, ["oci"] = r.Oci }).ToList(),
            ["releases"] = file.Releases.Select(r => (object?)Release(r, file.Releases, sensitive)).ToList(),
        };
        return TemplateYaml.Write(doc);
    }

    /// <summary>A release as helmfile's build shows it: labels with the implicit name/namespace/chart, needs as namespace/name.</summary>
    private static Dictionary<string, object?> Release(ReleaseSpec r, IReadOnlyList<ReleaseSpec> all, IReadOnlyCollection<string> sensitive) => new(StringComparer.Ordinal)
    {
        ["name"] = r.Name,
        ["namespace"] = r.Namespace,
        ["chart"] = r.Chart,
        ["version"] = r.Version,
        ["installed"] = r.Installed,
        ["enabled"] = r.Enabled,
        ["labels"] = ReleaseSelector.AllLabels(r).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => (object?)kv.Value, StringComparer.Ordinal),
        ["needs"] = r.Needs.Select(n => (object?)ReleaseGraph.Resolve(all, r, n).Id).ToList(),
        ["values"] = r.ValueEntries.Select(e => e.Path ?? Redact(StateValues.ParseYaml(e.InlineYaml!, r.Name), sensitive)).ToList(),
        ["secrets"] = r.Secrets.Cast<object?>().ToList(),
        ["set"] = r.Set.Select(s => (object?)new Dictionary<string, object?>
        {
            ["name"] = s.Name,
            ["value"] = sensitive.Any(x => s.Value.Contains(x, StringComparison.Ordinal)) || s.Value.StartsWith("ref+", StringComparison.Ordinal) ? Redacted : s.Value,
            ["file"] = s.File,
            ["values"] = s.Values.Select(v => (object?)(sensitive.Contains(v) ? Redacted : v)).ToList(),
            ["string"] = s.IsString,
        }).ToList(),
        ["kubeVersion"] = r.KubeVersion,
        ["apiVersions"] = r.ApiVersions.Cast<object?>().ToList(),
        ["condition"] = r.Condition,
        ["kubeContext"] = r.KubeContext,
        ["hooks"] = r.Hooks.Select(h => (object?)new Dictionary<string, object?>
        {
            ["events"] = h.Events.Cast<object?>().ToList(), ["command"] = h.Command, ["args"] = h.Args.Cast<object?>().ToList(),
        }).ToList(),
    };

    private static Dictionary<string, object?> Defaults(HelmDefaults d) => new(StringComparer.Ordinal)
    {
        ["atomic"] = d.Atomic, ["wait"] = d.Wait, ["timeout"] = (long)d.Timeout, ["historyMax"] = (long)d.HistoryMax,
        ["createNamespace"] = d.CreateNamespace, ["cleanupOnFail"] = d.CleanupOnFail, ["kubeContext"] = d.KubeContext,
    };

    /// <summary>
    /// A copy of the values with every string from a decrypted secret replaced by <see cref="Redacted"/>. Values that hold
    /// themselves (a template's <c>mergeOverwrite .Values $</c>) cannot be written out: a clear error, where Go's YAML
    /// encoder would overflow its stack.
    /// </summary>
    public static object? Redact(object? value, IReadOnlyCollection<string> sensitive) =>
        Redact(value, sensitive, new HashSet<object>(ReferenceEqualityComparer.Instance));

    private static object? Redact(object? value, IReadOnlyCollection<string> sensitive, HashSet<object> path)
    {
        if (value is IReadOnlyDictionary<string, object?> or IReadOnlyList<object?> && !path.Add(value))
        {
            throw new SecretsKitException(ExitCodes.Generic,
                "the state values hold themselves (a template merged a map into one of its own keys, as `mergeOverwrite .Values $` does) and cannot be written out");
        }
        var copy = value switch
        {
            string s when sensitive.Contains(s) => Redacted,
            IReadOnlyDictionary<string, object?> m => m.ToDictionary(kv => kv.Key, kv => Redact(kv.Value, sensitive, path), StringComparer.Ordinal),
            IReadOnlyList<object?> l => l.Select(x => Redact(x, sensitive, path)).ToList(),
            _ => value,
        };
        if (value is not null) path.Remove(value);
        return copy;
    }

    private static string Table(string[] header, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { header };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, header.Length).Select(i => all.Max(r => r[i].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var row in all) sb.Append(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd()).Append('\n');
        return sb.ToString();
    }
}
