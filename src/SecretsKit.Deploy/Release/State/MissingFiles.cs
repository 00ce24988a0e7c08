using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Release.State;

/// <summary>Applies a <see cref="MissingFileHandler"/> to one missing file.</summary>
public static class MissingFiles
{
    public static MissingFileHandler Parse(string text, Func<string, Exception> error) => text switch
    {
        "Error" => MissingFileHandler.Error,
        "Warn" => MissingFileHandler.Warn,
        "Info" => MissingFileHandler.Info,
        "Debug" => MissingFileHandler.Debug,
        _ => throw error($"missingFileHandler must be Error, Warn, Info or Debug (got '{text}')"),
    };

    /// <summary>
    /// Error: throws; Warn: a warning line; Info/Debug: an info line (shown only with --debug, as helmfile's log levels).
    /// The error's hint leads with restoring or creating the file (a secrets file encrypted), and names
    /// <c>missingFileHandler: Warn</c> only with what it costs.
    /// </summary>
    public static void Handle(MissingFileHandler handler, string where, string path, Action<string> warn, Action<string> info, bool secrets = false)
    {
        var message = $"{where}: {(secrets ? "secrets" : "values")} file {path} does not exist";
        switch (handler)
        {
            case MissingFileHandler.Error:
                throw new SecretsKitException(ExitCodes.Generic, message, secrets
                    ? $"restore it (from Git or wherever the team keeps it), or create it and encrypt it in place: secretskit encrypt -i {ShellWords.Quote(path)}; "
                      + "or fix the path. missingFileHandler: Warn would let the run go on without it: the release would deploy without these secrets, "
                      + "and every missing file of this state would only be a warning"
                    : "create the file or fix the path. missingFileHandler: Warn would skip it with a warning only, so a mistyped path would deploy "
                      + "without its values");
            case MissingFileHandler.Warn:
                warn(message + "; skipped");
                break;
            default:
                info(message + "; skipped");
                break;
        }
    }
}
