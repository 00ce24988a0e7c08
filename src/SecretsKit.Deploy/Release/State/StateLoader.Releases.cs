using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Input;
using SecretsKit.Deploy.Release.Hooks;

namespace SecretsKit.Deploy.Release.State;

/// <summary>Release templates: <c>.Release.*</c> in paths, set values and hooks; <c>condition:</c>; values files made ready for helm.</summary>
public sealed partial class StateLoader
{
    private ReleaseSpec PrepareRelease(ReleaseSpec r, ReleaseFile file, Dictionary<string, object?> state, string dir, string rootDirectory)
    {
        var name = $"{file.Path}: release {r.Name}";
        r = Identity(r, state, name, dir);
        var data = StateTemplates.ReleaseData(state, r);
        string T(string text) => _templates.Render(name, text, data, dir);
        var handler = r.MissingFileHandler ?? file.MissingFileHandler;
        var where = $"{file.Path}: release {r.Id}";
        var rendered = new Dictionary<string, string>(StringComparer.Ordinal);
        var values = ValueFiles(r, T, data, dir, handler, where, rendered);
        var secrets = r.Secrets.Select(T).Where(p => Exists(dir, p, handler, where + " secrets", secrets: true)).ToList();
        if (dir != rootDirectory)
        {
            // helm runs in the root state file's directory: a sub-helmfile's relative paths become absolute
            values = values.Select(p => Absolute(dir, p)).ToList();
            secrets = secrets.Select(p => Absolute(dir, p)).ToList();
        }
        var installed = r.InstalledTemplate is { } it ? TemplateBool(T(it), r, "installedTemplate") : r.Installed;
        var condition = r.ConditionTemplate is { } ct ? TemplateBool(T(ct), r, "conditionTemplate").ToString().ToLowerInvariant() : r.Condition;
        var chart = T(r.Chart);
        if (dir != rootDirectory && chart.StartsWith('.')) chart = Path.GetFullPath(chart, dir);
        return r with
        {
            Chart = chart,
            Version = r.Version is null ? null : T(r.Version),
            Installed = installed,
            Condition = condition,
            Enabled = ReleaseCondition.Enabled(condition, (Dictionary<string, object?>)state["Values"]!, $"{name}"),
            Values = values,
            RenderedValues = rendered,
            ValueEntries = r.ValueEntries.Select(e => e.Path is null ? e : ValuesEntry.File(T(e.Path))).ToList(),
            Secrets = secrets,
            Needs = r.Needs.Select(T).ToList(),
            Set = r.Set.Select(s => s with
            {
                Name = T(s.Name),
                Value = T(s.Value),
                File = s.File is { } f ? SetFile(T(f), dir, rootDirectory) : null,
                Values = s.Values.Select(T).ToList(),
            }).ToList(),
            // postRendererArgs (a release's or helmDefaults') are release templates in helmfile
            Settings = (r.Settings ?? (file.Defaults.PostRendererArgs.Count > 0 ? file.Defaults : null)) is { } st
                ? st with { PostRendererArgs = st.PostRendererArgs.Select(T).ToList() }
                : null,
            // helmfile renders hooks when their event fires (event.Bus), with the event and the command of the run
            HookTemplates = new HookTemplates(_templates, state, dir, file.Path),
            BaseDirectory = dir,
        };
    }

    /// <summary>
    /// The release's values files ready for helm: inline maps (a <c>valuesTemplate</c> one rendered) and <c>.gotmpl</c> files
    /// rendered into private files, missing files handled as <paramref name="handler"/> says; each private file is noted in
    /// <paramref name="rendered"/> with the entry it came from.
    /// </summary>
    private List<string> ValueFiles(ReleaseSpec r, Func<string, string> render, Dictionary<string, object?> data, string dir,
        MissingFileHandler handler, string where, Dictionary<string, string> rendered)
    {
        var values = new List<string>();
        foreach (var entry in r.ValueEntries)
        {
            if (entry.InlineYaml is { } inline)
            {
                // helmfile renders a valuesTemplate map as a release template; a values map is taken as it is
                values.Add(WritePrivate($"{r.Name}-inline.yaml", entry.Templated ? render(inline) : inline));
                rendered[values[^1]] = entry.Templated ? "valuesTemplate entry" : "inline values entry";
                continue;
            }
            var path = render(entry.Path!);
            if (!Exists(dir, path, handler, where)) continue;
            if (!path.EndsWith(".gotmpl", StringComparison.Ordinal) || !_options.RenderValuesFiles)
            {
                values.Add(path);
                continue;
            }
            values.Add(WritePrivate($"{r.Name}-{Path.GetFileNameWithoutExtension(path)}",
                _templates.Render(path, BoundedFile.ReadText(Path.GetFullPath(path, dir), path), data, dir)));
            rendered[values[^1]] = path;
        }
        return values;
    }

    /// <summary>
    /// A release's name, namespace, chart, version and labels rendered as helmfile renders them: each pass with
    /// <c>.Release</c> made of the previous pass's result, until nothing changes (at most 6 passes), so a name may use
    /// <c>{{ .Release.Labels.x }}</c> and a label <c>{{ .Release.Name }}</c>.
    /// </summary>
    private ReleaseSpec Identity(ReleaseSpec r, Dictionary<string, object?> state, string name, string dir)
    {
        string[] fields = [r.Name, r.Namespace, r.Chart, r.Version ?? "", r.KubeContext ?? "", .. r.Labels.Values];
        if (!fields.Any(f => f.Contains("{{", StringComparison.Ordinal))) return r;
        var previous = r;
        for (var pass = 0; pass < 6; pass++)
        {
            var data = StateTemplates.ReleaseData(state, previous);
            string T(string text) => _templates.Render(name, text, data, dir);
            var next = previous with
            {
                Name = T(r.Name).Trim(),
                Namespace = T(r.Namespace).Trim(),
                Chart = T(r.Chart).Trim(),
                Version = r.Version is null ? null : T(r.Version).Trim(),
                KubeContext = r.KubeContext is null ? null : T(r.KubeContext),
                Labels = r.Labels.ToDictionary(kv => kv.Key, kv => T(kv.Value), StringComparer.Ordinal),
            };
            if (next.Name == previous.Name && next.Namespace == previous.Namespace && next.Chart == previous.Chart && next.Version == previous.Version
                && next.KubeContext == previous.KubeContext && next.Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).SequenceEqual(previous.Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal)))
            {
                return next;
            }
            previous = next;
        }
        throw new SecretsKitException(ExitCodes.Generic, $"{name}: failed executing templates: recursive references can't be resolved");
    }

    /// <summary>helmfile's <c>installedTemplate</c>/<c>conditionTemplate</c>: the rendered text must be a boolean.</summary>
    private static bool TemplateBool(string rendered, ReleaseSpec r, string key) =>
        bool.TryParse(rendered.Trim(), out var b)
            ? b
            : throw new SecretsKitException(ExitCodes.Generic, $"release {r.Name}: {key} must render to true or false (got '{rendered.Trim()}')");

    /// <summary>A <c>set</c> entry's <c>file</c>: helm reads it from the root state's directory, so a sub-helmfile's becomes absolute.</summary>
    private static string SetFile(string path, string dir, string rootDirectory) => dir == rootDirectory ? path : Absolute(dir, path);

    private static string Absolute(string dir, string path) =>
        Path.IsPathRooted(path) || path.StartsWith('?') || path.Contains("://", StringComparison.Ordinal) ? path : Path.GetFullPath(path, dir);

    /// <summary>Whether a values/secrets file is there; a missing one goes through <c>missingFileHandler</c>.</summary>
    private bool Exists(string dir, string path, MissingFileHandler handler, string where, bool secrets = false)
    {
        if (path.StartsWith('?') || path.Contains("://", StringComparison.Ordinal)) return true;
        if (File.Exists(Path.GetFullPath(path, dir))) return true;
        MissingFiles.Handle(handler, where, path, _options.Warn, _options.Info, secrets);
        return false;
    }

    /// <summary>
    /// Rendered values go to a private 0700 directory (they may hold state values from decrypted secrets). The file is
    /// named after the release only for a reader: letters, digits, dots, dashes and underscores, at most 100 of them, so
    /// a release name from the state can neither leave the directory (<c>../</c>) nor pass the file system's name limit.
    /// </summary>
    private string WritePrivate(string name, string text)
    {
        _temp ??= PrivateTempDirectory.Create("secretskit-state-");
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').Take(100)]);
        return _temp.WriteFile($"{++_written}-{safe}", Encoding.UTF8.GetBytes(text));
    }
}
