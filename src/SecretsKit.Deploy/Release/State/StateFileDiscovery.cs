using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// Which state files a run reads, as helmfile finds them: <c>-f FILE</c>, or <c>-f DIR</c> (every file matching Go's
/// globs <c>*.y*ml</c> and <c>*.y*ml.gotmpl</c> there, in byte order); else <c>secretskit-release.yaml</c> in the
/// working directory, else <c>helmfile.yaml</c> or <c>helmfile.yaml.gotmpl</c> (both at once is refused), else every
/// state file of <c>helmfile.d/</c> (refused beside a default file, which would hide it).
/// </summary>
public static class StateFileDiscovery
{
    public static readonly string[] DefaultFiles = [ReleaseFileParser.DefaultFileName, "helmfile.yaml", "helmfile.yaml.gotmpl"];

    private const string StateDirectory = "helmfile.d";

    public static IReadOnlyList<string> Find(string workingDirectory, string? file)
    {
        if (file is not null)
        {
            var full = Path.GetFullPath(file, workingDirectory);
            if (Directory.Exists(full)) return InDirectory(full, file);
            if (File.Exists(full)) return [full];
            throw new SecretsKitException(ExitCodes.Generic, $"state file {file} does not exist", "pass -f with an existing helmfile.yaml or secretskit-release.yaml");
        }
        var own = Path.Combine(workingDirectory, ReleaseFileParser.DefaultFileName);
        if (File.Exists(own)) return [own];
        var helmfiles = DefaultFiles[1..].Where(name => File.Exists(Path.Combine(workingDirectory, name))).ToList();
        if (helmfiles.Count > 1)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"both {helmfiles[0]} and {helmfiles[1]} exist in {workingDirectory}", "remove one of them (helmfile refuses this too)");
        }
        var dir = Path.Combine(workingDirectory, StateDirectory);
        if (Directory.Exists(dir))
        {
            return helmfiles.Count == 0 ? InDirectory(dir, StateDirectory)
                : throw new SecretsKitException(ExitCodes.Generic, $"both {helmfiles[0]} and {StateDirectory}/ exist in {workingDirectory}",
                    $"keep either {helmfiles[0]} or {StateDirectory}/, not both (helmfile refuses this too), or pass -f");
        }
        if (helmfiles.Count == 1) return [Path.Combine(workingDirectory, helmfiles[0])];
        throw new SecretsKitException(ExitCodes.Generic, $"no state file in {workingDirectory}",
            $"create one of {string.Join(", ", DefaultFiles)} or {StateDirectory}/*.{{yaml,yml,yaml.gotmpl,yml.gotmpl}}, or pass -f FILE");
    }

    private static IReadOnlyList<string> InDirectory(string dir, string shown)
    {
        var files = Directory.GetFiles(dir)
            .Where(f => IsStateFileName(Path.GetFileName(f)))
            .Order(StringComparer.Ordinal)
            .ToList();
        return files.Count > 0 ? files
            : throw new SecretsKitException(ExitCodes.Generic, $"{shown} holds no *.y*ml or *.y*ml.gotmpl state file");
    }

    /// <summary>
    /// Go's <c>filepath.Match("*.y*ml", name)</c> or <c>("*.y*ml.gotmpl", name)</c>: <c>.y</c> somewhere, then
    /// <c>ml</c> at the end (before <c>.gotmpl</c>), so <c>a.yaml</c>, <c>a.yml</c> and dot files such as
    /// <c>.sops.yaml</c> match, as in helmfile.
    /// </summary>
    public static bool IsStateFileName(string name)
    {
        const string Template = ".gotmpl";
        var stem = name.EndsWith(Template, StringComparison.Ordinal) ? name[..^Template.Length] : name;
        if (!stem.EndsWith("ml", StringComparison.Ordinal)) return false;
        var dotY = stem.IndexOf(".y", StringComparison.Ordinal);
        return dotY >= 0 && dotY + 2 <= stem.Length - 2;
    }
}
