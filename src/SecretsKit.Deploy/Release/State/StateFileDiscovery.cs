using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// Which state files a run reads: <c>-f FILE</c> (a directory: its <c>*.yaml</c>/<c>*.yaml.gotmpl</c> files), else the
/// first of <c>secretskit-release.yaml</c>, <c>helmfile.yaml</c>, <c>helmfile.yaml.gotmpl</c> in the working directory,
/// else every <c>helmfile.d/*.yaml(.gotmpl)</c> in name order, as helmfile looks them up.
/// </summary>
public static class StateFileDiscovery
{
    public static readonly string[] DefaultFiles = [ReleaseFileParser.DefaultFileName, "helmfile.yaml", "helmfile.yaml.gotmpl"];

    public static IReadOnlyList<string> Find(string workingDirectory, string? file)
    {
        if (file is not null)
        {
            var full = Path.GetFullPath(file, workingDirectory);
            if (Directory.Exists(full)) return InDirectory(full, file);
            if (File.Exists(full)) return [full];
            throw new SecretsKitException(ExitCodes.Generic, $"state file {file} does not exist", "pass -f with an existing helmfile.yaml or secretskit-release.yaml");
        }
        foreach (var name in DefaultFiles)
        {
            var candidate = Path.Combine(workingDirectory, name);
            if (File.Exists(candidate)) return [candidate];
        }
        var dir = Path.Combine(workingDirectory, "helmfile.d");
        if (Directory.Exists(dir)) return InDirectory(dir, "helmfile.d");
        throw new SecretsKitException(ExitCodes.Generic, $"no state file in {workingDirectory}",
            $"create one of {string.Join(", ", DefaultFiles)} or helmfile.d/, or pass -f FILE");
    }

    private static IReadOnlyList<string> InDirectory(string dir, string shown)
    {
        var files = Directory.GetFiles(dir)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml.gotmpl", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        return files.Count > 0 ? files
            : throw new SecretsKitException(ExitCodes.Generic, $"{shown} holds no *.yaml or *.yaml.gotmpl state file");
    }
}
