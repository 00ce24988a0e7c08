using SecretsKit.Core.Errors;

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

    /// <summary>Error: throws; Warn: a warning line; Info/Debug: an info line (shown only with --debug, as helmfile's log levels).</summary>
    public static void Handle(MissingFileHandler handler, string where, string path, Action<string> warn, Action<string> info)
    {
        var message = $"{where}: values file {path} does not exist";
        switch (handler)
        {
            case MissingFileHandler.Error:
                throw new SecretsKitException(ExitCodes.Generic, message, "create the file, fix the path, or set missingFileHandler: Warn to skip it");
            case MissingFileHandler.Warn:
                warn(message + "; skipped");
                break;
            default:
                info(message + "; skipped");
                break;
        }
    }
}
