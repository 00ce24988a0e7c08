using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Core.Config;

/// <summary>
/// Finds <c>.sops.yaml</c>: <c>--config</c>, else <c>SOPS_CONFIG</c>, else the first one walking upward (up to 100
/// levels) from the target file's directory, then from the working directory. Unlike sops, the target's
/// directory comes first, so a file is governed by the config of the tree it lives in. <c>.sops.yml</c> is not
/// used, only reported in <see cref="ConfigLocation.Warning"/>. A <c>.sops.yaml</c> the search finds must be a file that
/// can be read without blocking (not a FIFO, socket or terminal).
/// </summary>
public sealed class ConfigLocator(IEnvironment environment)
{
    public const string FileName = ".sops.yaml";
    public const string IgnoredFileName = ".sops.yml";
    public const string EnvironmentVariable = "SOPS_CONFIG";
    public const int MaxDepth = 100;

    /// <param name="explicitPath">The <c>--config</c> value, if given.</param>
    /// <param name="targetFile">The file being operated on (relative to the working directory, or absolute); null for stdin.</param>
    public ConfigLocation Locate(string? explicitPath = null, string? targetFile = null)
    {
        var cwd = environment.CurrentDirectory;
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return Explicit(Path.GetFullPath(explicitPath, cwd), ConfigSource.CommandLine, "--config");
        }
        var fromEnv = environment.Get(EnvironmentVariable);
        if (fromEnv is not null)
        {
            return Explicit(Path.GetFullPath(fromEnv, cwd), ConfigSource.EnvironmentVariable, EnvironmentVariable);
        }

        string? ignored = null;
        if (!string.IsNullOrEmpty(targetFile))
        {
            var targetDir = Path.GetDirectoryName(Path.GetFullPath(targetFile, cwd));
            if (targetDir is not null)
            {
                var found = Search(targetDir, ref ignored);
                if (found is not null) return new ConfigLocation(found, ConfigSource.TargetDirectory, Warn(ignored, found));
            }
        }
        var fromCwd = Search(cwd, ref ignored);
        return fromCwd is not null
            ? new ConfigLocation(fromCwd, ConfigSource.WorkingDirectory, Warn(ignored, fromCwd))
            : new ConfigLocation(null, ConfigSource.None, Warn(ignored, null));
    }

    private static ConfigLocation Explicit(string path, ConfigSource source, string via)
    {
        if (!File.Exists(path))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"config file {path} (from {via}) does not exist");
        }
        return new ConfigLocation(path, source);
    }

    private static string? Search(string start, ref string? ignored)
    {
        var dir = new DirectoryInfo(start);
        for (var level = 0; level < MaxDepth && dir is not null; level++, dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate)) return Readable(candidate);
            var alternate = Path.Combine(dir.FullName, IgnoredFileName);
            if (ignored is null && File.Exists(alternate)) ignored = alternate;
        }
        return null;
    }

    /// <summary>
    /// A <c>.sops.yaml</c> the search found is opened without blocking first: a FIFO, socket or terminal by that name would
    /// block the CLI forever on its read, so it is refused with one line (one named with <c>--config</c> is read as usual).
    /// </summary>
    private static string Readable(string candidate)
    {
        try
        {
            NonBlockingOpen.OpenFile(candidate).Dispose();
        }
        catch (InvalidDataException e)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"config file {candidate}: {e.Message}",
                "the config search reads only regular files; pass a pipe with --config");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // unreadable or gone: reading it reports the error with its cause
        }
        return candidate;
    }

    private static string? Warn(string? ignored, string? used) => ignored switch
    {
        null => null,
        _ when used is null => $"ignoring {ignored}: the config file must be called {FileName}",
        _ => $"ignoring {ignored}: the config file must be called {FileName}; using {used} instead",
    };
}
