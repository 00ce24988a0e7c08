using SecretsKit.Cli.Context;
using SecretsKit.Core.Config;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;
using SecretsKit.Core.Operations;

namespace SecretsKit.Cli.Rules;

/// <summary>
/// The CLI side of <c>-r DIR</c>: picks the SOPS files under DIR that a creation rule matches, runs the operation on 4
/// at a time, shows <c>\r[n/N] path</c> on a terminal and ends with a summary; exit 1 when any file failed.
/// </summary>
internal static class RepoRun
{
    public const int Parallelism = 4;

    /// <summary>Files under <paramref name="dir"/> with sops metadata (as <c>filestatus</c> sees it) that a creation rule matches.</summary>
    public static IReadOnlyList<string> Candidates(CliContext context, string? explicitConfig, string dir)
    {
        var result = new List<string>();
        foreach (var file in RepoWalker.FindFiles(context.FullPath(dir)))
        {
            if (Path.GetFileName(file) == ConfigLocator.FileName) continue;
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            var format = FormatRegistry.Create(FormatRegistry.NameForPath(file));
            if (!SopsFileStatus.IsEncrypted(bytes, format)) continue;
            if (MatchRule(context, explicitConfig, file) is null) continue;
            result.Add(file);
        }
        return result;
    }

    /// <summary>The creation rule governing <paramref name="file"/>, or null when there is no config or no rule matches.</summary>
    public static CreationRuleMatch? MatchRule(CliContext context, string? explicitConfig, string file)
    {
        var location = new ConfigLocator(context.Environment).Locate(explicitConfig, file);
        if (!location.Found) return null;
        var config = ConfigCache.Load(location.Path!);
        if (config.CreationRules is null) return null;
        try
        {
            return config.MatchCreationRule(file, context.Environment.CurrentDirectory);
        }
        catch (SecretsKitException)
        {
            return null;
        }
    }

    public static async Task<int> RunAsync(CliContext context, string verb, IReadOnlyList<string> files,
        Func<string, CancellationToken, Task<RepoFileOutcome>> action, CancellationToken ct)
    {
        var tty = !Console.IsErrorRedirected;
        var cwd = context.Environment.CurrentDirectory;
        var summary = await RepoWalker.RunAsync(files, action, Parallelism,
            tty ? (n, total, path) => context.Stderr.Write($"\r\u001b[K[{n}/{total}] {Path.GetRelativePath(cwd, path)}") : null, ct);
        if (tty && files.Count > 0) context.Stderr.WriteLine();
        context.Info($"{verb}: {summary}");
        foreach (var failure in summary.Failures)
        {
            context.Stderr.WriteLine($"secretskit: failed: {Path.GetRelativePath(cwd, failure.Path)}: {failure.Reason}");
        }
        return summary.Failures.Count == 0 ? 0 : ExitCodes.Generic;
    }
}
