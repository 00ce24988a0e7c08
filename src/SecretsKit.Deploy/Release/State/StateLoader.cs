using System.Runtime.ExceptionServices;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Input;
using SecretsKit.Templates.Syntax;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using SecretsKit.Deploy.Release.Hooks;
using SecretsKit.Deploy.Release.Pipeline;

using SecretsKit.Deploy.Policy.Provenance;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// Loads helmfile states as helmfile does, in two passes per file: first the file (with its <c>bases:</c>) is rendered
/// leniently to find the environments and build the state values (values files, decrypted <c>secrets:</c>, command-line
/// values), then rendered again with those values (a missing key is now an error) and parsed. Releases then get their
/// own templates rendered (<c>.Release.*</c>), <c>condition:</c> applied, values files checked against
/// <c>missingFileHandler</c>, and <c>helmfiles:</c> are loaded the same way.
/// </summary>
public sealed partial class StateLoader
{
    private readonly StateLoadOptions _options;
    private readonly StateTemplates _templates;
    private readonly HashSet<string> _sensitive = new(StringComparer.Ordinal);
    private readonly ValueProvenance _provenance = new();
    private readonly List<string> _secretFiles = [];
    private readonly List<string> _warnings = [];
    private PrivateTempDirectory? _temp;
    private int _written;

    private StateLoader(StateLoadOptions options)
    {
        _options = options;
        _templates = new StateTemplates(options);
    }

    public static async Task<LoadedState> LoadAsync(IReadOnlyList<string> files, StateLoadOptions options, CancellationToken ct)
    {
        var loader = new StateLoader(options);
        try
        {
            return await loader.LoadAllAsync(files, ct);
        }
        catch
        {
            loader._temp?.Dispose();
            throw;
        }
    }

    private async Task<LoadedState> LoadAllAsync(IReadOnlyList<string> files, CancellationToken ct)
    {
        var releases = new List<ReleaseSpec>();
        var repositories = new List<HelmRepository>();
        ReleaseFile? root = null;
        Dictionary<string, object?>? rootValues = null;
        foreach (var path in files)
        {
            var (file, values) = await LoadFileAsync(path, [], Path.GetDirectoryName(files[0])!, 0, ct);
            root ??= file;
            rootValues ??= values;
            releases.AddRange(file.Releases);
            repositories.AddRange(file.Repositories.Where(r => repositories.All(x => x.Name != r.Name)));
        }
        var duplicate = releases.GroupBy(r => r.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new SecretsKitException(ExitCodes.Generic, $"release {duplicate.Key} is defined in more than one state file");
        releases = releases.Select(r => r with { Chart = OciChart(r.Chart, repositories) }).ToList();
        var state = root! with { Releases = releases, Repositories = repositories, SensitiveValues = _sensitive, StateProvenance = _provenance, Warnings = _warnings,
            EnvironmentSecretFiles = _secretFiles };
        return new LoadedState(state, _options.Environment, rootValues!, _temp);
    }

    /// <summary>A chart <c>repo/name</c> from an <c>oci: true</c> repository is pulled as <c>oci://url/name</c>.</summary>
    private static string OciChart(string chart, IReadOnlyList<HelmRepository> repositories)
    {
        var slash = chart.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || chart.Contains("://", StringComparison.Ordinal)) return chart;
        var repo = repositories.FirstOrDefault(r => r.Oci && r.Name == chart[..slash]);
        return repo is null ? chart : $"oci://{repo.Url.TrimEnd('/')}/{chart[(slash + 1)..]}";
    }

    private string Shown(string path) => Path.GetRelativePath(_options.ProcessEnvironment.CurrentDirectory, path);

    private async Task<(ReleaseFile File, Dictionary<string, object?> Values)> LoadFileAsync(string path, IReadOnlyList<ValuesEntry> passed,
        string rootDirectory, int depth, CancellationToken ct)
    {
        if (depth > 10) throw new SecretsKitException(ExitCodes.Generic, $"{Shown(path)}: helmfiles nest deeper than 10 levels");
        var shown = Shown(path);
        var env = _options.Environment;
        var (first, firstPassError) = FirstPass(path, shown);
        // a sub-helmfile that defines environments, but not this one, is skipped, as helmfile skips it (UndefinedEnvError)
        if (depth > 0 && firstPassError is null && first.Environments.Count > 0 && env != StateLoadOptions.DefaultEnvironment
            && !first.Environments.ContainsKey(env))
        {
            _options.Info($"{shown}: environment \"{env}\" is not defined there: its releases are skipped");
            return (first with { Path = path, Releases = [] }, StateValues.Empty());
        }
        // a sub-helmfile that defines no environments runs in the parent's environment with only the values passed to it
        if (!first.Environments.TryGetValue(env, out var environment) && env != StateLoadOptions.DefaultEnvironment
            && (depth == 0 || first.Environments.Count > 0))
        {
            if (firstPassError is not null) ExceptionDispatchInfo.Throw(firstPassError); // the environment's name did not render
            throw new SecretsKitException(ExitCodes.Generic, $"environment \"{env}\" is not defined in {shown}",
                first.Environments.Count == 0 ? "add it under environments:" : "defined: " + string.Join(", ", first.Environments.Keys));
        }
        var valuesLoader = new EnvironmentValuesLoader(_options, _templates);
        var values = await valuesLoader.LoadAsync(first, environment, passed, ct);
        _sensitive.UnionWith(valuesLoader.Sensitive);
        _provenance.Include(valuesLoader.Provenance);
        _secretFiles.AddRange(valuesLoader.SecretFiles.Where(f => !_secretFiles.Contains(f)));
        var data = StateTemplates.Data(env, environment?.KubeContext, values);
        var file = ReleaseFileParser.Parse(Layered(path, shown, data, strict: true), shown);
        foreach (var w in file.Warnings.Where(w => !_warnings.Contains(w)))
        {
            _warnings.Add(w);
            _options.Warn(w);
        }
        var dir = Path.GetDirectoryName(path)!;
        var releases = file.Releases.Select(r => PrepareRelease(r, file, data, dir, rootDirectory)).ToList();
        ReleaseFileParser.CheckDuplicates(shown, releases);
        releases = ReleaseLockFile.Apply(releases, file, path, shown, (constraint, version) => SemverSatisfies(constraint, version, dir)).ToList();
        // helmfile visits a state's sub-helmfiles before its own releases (app.go visitStates; reversed only to delete)
        var (fromSubHelmfiles, subStates) = await LoadSubHelmfilesAsync(file, dir, shown, rootDirectory, depth, ct);
        releases = [.. fromSubHelmfiles, .. releases];
        var kube = environment?.KubeContext;
        return (file with
        {
            Path = path,
            Environments = new Dictionary<string, ReleaseEnvironment>(StringComparer.Ordinal) { [env] = new ReleaseEnvironment(env, kube, [], []) },
            KubeContexts = first.Environments.ToDictionary(e => e.Key, e => e.Key == env ? kube : e.Value.KubeContext, StringComparer.Ordinal),
            Releases = releases,
            HookTemplates = new HookTemplates(_templates, data, dir, shown),
            SubStates = subStates,
        }, values);
    }

    /// <summary>The releases (each sub-helmfile's selectors applied) and global hooks of a state's sub-helmfiles, in order.</summary>
    private async Task<(List<ReleaseSpec> Releases, List<SubStateHooks> SubStates)> LoadSubHelmfilesAsync(ReleaseFile file, string dir, string shown,
        string rootDirectory, int depth, CancellationToken ct)
    {
        var releases = new List<ReleaseSpec>();
        var subStates = new List<SubStateHooks>();
        foreach (var sub in file.Helmfiles)
        {
            foreach (var subPath in Expand(dir, sub.Path, shown))
            {
                var (subFile, _) = await LoadFileAsync(subPath, sub.Values, rootDirectory, depth + 1, ct);
                var selector = ReleaseSelector.Parse(sub.Selectors);
                releases.AddRange(subFile.Releases.Where(selector.Matches));
                subStates.AddRange(subFile.SubStates);
                if (subFile.Hooks.Count > 0) subStates.Add(new SubStateHooks(subFile.Hooks, subFile.HookTemplates, Path.GetDirectoryName(subPath)!, Shown(subPath)));
            }
        }
        return (releases, subStates);
    }

    /// <summary>
    /// Pass one: environments, top-level values and bases, rendered without state values. As in helmfile, a template error
    /// here is tolerated (the raw YAML stands in, and pass two reports the error where it still happens); it is returned so
    /// that, when the raw YAML cannot stand in (unreadable, or the environment's own name is templated), the real error is
    /// what the user sees (e.g. <c>required env var `X` is not set</c> with the file and line), not a parse error of raw text.
    /// </summary>
    private (ReleaseFile File, GoTemplateException? Error) FirstPass(string path, string shown)
    {
        try
        {
            return (EnvironmentPart(Layered(path, shown, StateTemplates.Data(_options.Environment, null, StateValues.Empty()), strict: false), path, shown), null);
        }
        catch (GoTemplateException failed)
        {
            try
            {
                return (EnvironmentPart(ReleaseFileParser.ParseDocuments(BoundedFile.ReadText(path, shown), shown), path, shown), failed);
            }
            catch (Exception e) when (e is SecretsKitException or YamlException)
            {
                ExceptionDispatchInfo.Throw(failed);
                throw;
            }
        }
    }

    private static ReleaseFile EnvironmentPart(YamlMappingNode node, string path, string shown)
    {
        var envOnly = new YamlMappingNode();
        foreach (var key in new[] { "environments", "values", "missingFileHandler" })
        {
            if (node.Children.TryGetValue(new YamlScalarNode(key), out var value)) envOnly.Children[new YamlScalarNode(key)] = value;
        }
        return ReleaseFileParser.Parse(envOnly, shown) with { Path = path };
    }

    /// <summary>The file's <c>bases:</c> (each rendered with the same data, recursively) layered under the file itself.</summary>
    private YamlMappingNode Layered(string path, string shown, object data, bool strict, int depth = 0)
    {
        if (depth > 10) throw new SecretsKitException(ExitCodes.Generic, $"{shown}: bases nest deeper than 10 levels");
        var text = BoundedFile.ReadText(path, shown); // the renderer reads the file whole: refuse a device or an oversized file first
        // helmfile v1 renders only *.gotmpl states; secretskit also renders *.yaml ones (as helmfile 0.x did) unless
        // HELMFILE_RENDER_YAML=false, so a plain state written for helmfile v1 reads as helmfile v1 reads it
        var own = path.EndsWith(".gotmpl", StringComparison.Ordinal) || _options.ProcessEnvironment.Get("HELMFILE_RENDER_YAML") != "false"
            ? _templates.RenderState(path, shown, data, strict)
            : ReleaseFileParser.ParseDocuments(text, shown);
        if (depth > 0) StateNodeOrigins.Mark(own, shown); // errors in a base's keys name the base file
        var root = new YamlMappingNode();
        var reader = new StateYamlReader(shown);
        foreach (var b in reader.StringList(own, "bases"))
        {
            var full = Path.GetFullPath(b, Path.GetDirectoryName(path)!);
            if (!File.Exists(full)) throw new SecretsKitException(ExitCodes.Generic, $"{shown}: bases: {b} does not exist");
            StateLayers.Merge(root, Layered(full, Shown(full), data, strict, depth + 1));
        }
        own.Children.Remove(new YamlScalarNode("bases"));
        StateLayers.Merge(root, own);
        return root;
    }

    /// <summary>sprig's <c>semverCompare</c> (the state templates' own function) on a locked version; an unreadable one does not match.</summary>
    private bool SemverSatisfies(string constraint, string version, string dir)
    {
        var data = new Dictionary<string, object?>(StringComparer.Ordinal) { ["C"] = constraint, ["V"] = version };
        try
        {
            return _templates.Render("lock file", "{{ semverCompare .C .V }}", data, dir) == "true";
        }
        catch (GoTemplateException)
        {
            return false;
        }
    }

    private static IEnumerable<string> Expand(string dir, string pattern, string shown)
    {
        var full = Path.GetFullPath(pattern, dir);
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            return File.Exists(full) ? [full] : throw new SecretsKitException(ExitCodes.Generic, $"{shown}: helmfiles: {pattern} does not exist");
        }
        var folder = Path.GetDirectoryName(full)!;
        return Directory.Exists(folder) ? Directory.GetFiles(folder, Path.GetFileName(full)).Order(StringComparer.Ordinal) : [];
    }
}
