using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// The helm a command will run (<c>secretskit release -b</c>, else <c>HELM_BIN</c>, else <c>helm</c> on <c>PATH</c>), checked before the first stage: a
/// missing one is said in those words, not as the error of starting a process in some working directory.
/// </summary>
public static class HelmBinary
{
    /// <summary>
    /// Throws when <paramref name="binary"/> cannot be run from <paramref name="environment"/>'s PATH and directory;
    /// <paramref name="flag"/>: the command-line flag that named it, if one did.
    /// </summary>
    public static void Require(string binary, IEnvironment environment, string? flag = null)
    {
        if (ExecutableSearch.Find(binary, environment.Get("PATH"), environment.CurrentDirectory) is not null) return;
        if (flag is not null)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{flag} {binary} is not an executable file{(binary.Contains('/', StringComparison.Ordinal) ? "" : " on PATH")}",
                "name a helm 3.10+ or 4 binary, or leave the flag out to use HELM_BIN or helm from PATH");
        }
        if (environment.Get("HELM_BIN") is { Length: > 0 } set)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"HELM_BIN={set} is not an executable file{(set.Contains('/', StringComparison.Ordinal) ? "" : " on PATH")}",
                "point HELM_BIN at a helm 3.10+ or 4 binary, or unset it to use helm from PATH");
        }
        throw new SecretsKitException(ExitCodes.Generic, $"{binary} not found on PATH; install helm 3.10+ or 4, or set HELM_BIN",
            "https://helm.sh/docs/intro/install/");
    }
}
