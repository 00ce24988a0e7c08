namespace SecretsKit.Deploy.Helm;

/// <summary>
/// Where a command runs from, as Go's <c>exec.LookPath</c> (and so helm) finds it: a name holding <c>/</c> is a path
/// from the working directory, any other is looked for in each <c>PATH</c> entry (an empty entry is the working
/// directory); it must be a file with an execute bit.
/// </summary>
public static class ExecutableSearch
{
    /// <summary>The executable's full path, or null when there is none.</summary>
    public static string? Find(string command, string? path, string workingDirectory)
    {
        if (command.Length == 0) return null;
        if (command.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(command, workingDirectory);
            return Executable(full) ? full : null;
        }
        foreach (var dir in (path ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.GetFullPath(Path.Combine(dir.Length == 0 ? "." : dir, command), workingDirectory);
            if (Executable(candidate)) return candidate;
        }
        return null;
    }

    public static bool Executable(string path) =>
        File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
