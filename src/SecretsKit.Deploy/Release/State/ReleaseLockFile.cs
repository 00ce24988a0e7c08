using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Input;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// helmfile's lock file (what <c>helmfile deps</c> writes): <c>lockFilePath</c>, else <c>&lt;state file name&gt;.lock</c>
/// next to the state (<c>helmfile.yaml.gotmpl</c> → <c>helmfile.lock</c>). When it exists, a release whose chart is
/// <c>repo/chart</c> from one of the state's <c>repositories</c> gets the first locked version of that chart (an OCI
/// repository's chart by its last segment) that satisfies the release's <c>version</c> as a semver constraint (none: any);
/// no such version is an error, as in helmfile. Other charts (local paths, URLs) are left alone.
/// </summary>
internal static class ReleaseLockFile
{
    /// <param name="satisfies">Whether a version satisfies a semver constraint (sprig's <c>semverCompare</c>, Masterminds' rules).</param>
    public static IReadOnlyList<ReleaseSpec> Apply(IReadOnlyList<ReleaseSpec> releases, ReleaseFile file, string statePath, string shown,
        Func<string, string, bool> satisfies)
    {
        var dir = Path.GetDirectoryName(statePath)!;
        var path = file.LockFilePath is { Length: > 0 } lockPath ? Path.GetFullPath(lockPath, dir) : Path.Combine(dir, DefaultName(statePath));
        if (!File.Exists(path)) return releases;
        var locked = Read(path, Path.GetRelativePath(dir, path));
        var repositories = file.Repositories.ToDictionary(r => r.Name, StringComparer.Ordinal);
        return releases.Select(r =>
        {
            var slash = r.Chart.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || r.Chart.Contains("://", StringComparison.Ordinal) || !repositories.TryGetValue(r.Chart[..slash], out var repo)) return r;
            var chart = r.Chart[(slash + 1)..];
            if (repo.Oci) chart = chart[(chart.LastIndexOf('/') + 1)..];
            var constraint = string.IsNullOrEmpty(r.Version) ? "*" : r.Version;
            var version = locked.Where(l => l.Name == chart).Select(l => l.Version).FirstOrDefault(v => satisfies(constraint, v));
            return version is null
                ? throw new SecretsKitException(ExitCodes.Generic,
                    $"{shown}: release {r.Name}: no resolved dependency found for \"{chart}\" in the lock file {Path.GetFileName(path)}",
                    "run helmfile deps to update the lock file, or remove it")
                : r with { Version = version };
        }).ToList();
    }

    /// <summary>helmfile's default: the state file's name without <c>.gotmpl</c>, <c>.yaml</c>/<c>.yml</c>, plus <c>.lock</c>.</summary>
    private static string DefaultName(string statePath)
    {
        var name = Path.GetFileName(statePath);
        foreach (var suffix in new[] { ".gotmpl", ".yaml", ".yml" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal)) name = name[..^suffix.Length];
        }
        return name + ".lock";
    }

    private static List<(string Name, string Version)> Read(string path, string shown)
    {
        try
        {
            var stream = BoundedYaml.Load(BoundedFile.ReadText(path, shown));
            var reader = new StateYamlReader(shown);
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root) return [];
            if (reader.Child(root, "dependencies") is not YamlSequenceNode deps) return [];
            return deps.Children.Select(d => reader.Mapping(d, "a locked dependency"))
                .Select(d => (reader.OptionalString(d, "name") ?? "", reader.OptionalString(d, "version") ?? "")).ToList();
        }
        catch (YamlException e)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{shown}:{e.Start.Line}: not valid YAML: {e.Message}");
        }
    }
}
