using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Deploy.Release.Promotion;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary><c>release --promotion-file PATH</c>: the promotion file, else <c>secretskit-promotion.yaml</c> beside the state file.</summary>
internal static class ReleasePromotionFlag
{
    public static Option<string?> Create() =>
        new("--promotion-file") { Description = $"the promotion file (default: {PromotionFile.DefaultFileName} beside the state file, when present)", Recursive = true };

    /// <summary>The run's promotion file: beside the state (the directory of <c>-f</c>, or the working directory).</summary>
    public static PromotionFile Read(CliContext context, string? explicitPath, string? stateFlag)
    {
        var cwd = context.Environment.CurrentDirectory;
        var state = stateFlag is null ? cwd : Path.GetFullPath(stateFlag, cwd);
        var directory = stateFlag is null || Directory.Exists(state) ? state : Path.GetDirectoryName(state)!;
        return PromotionFileReader.Find(explicitPath, directory, cwd);
    }
}
