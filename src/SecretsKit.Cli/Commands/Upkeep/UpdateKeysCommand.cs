using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Flags;
using SecretsKit.Cli.IO;
using SecretsKit.Cli.Rules;
using SecretsKit.Core.Config;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Commands.Upkeep;

/// <summary>
/// <c>updatekeys FILE…</c>: rewraps the same data key to the key groups of the file's creation rule; values, <c>mac</c> and
/// <c>lastmodified</c> stay byte-identical. Prints the key diff and asks on a terminal unless <c>-y</c>; without a terminal
/// <c>-y</c> is required. Unlike sops, a <c>shamir_threshold</c> in the rule is honoured (else the file's own, capped).
/// </summary>
internal static class UpdateKeysCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("file") { Arity = ArgumentArity.OneOrMore, Description = "encrypted files (or directories with -r)" };
        var yes = new Option<bool>("--yes", "-y") { Description = "do not ask for confirmation" };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "update every SOPS file under the directories that a creation rule matches" };
        var formats = new FormatFlags();
        var decrypt = new DecryptFlags();
        var command = new Command("updatekeys", "rewrap the data key to the keys of the matching .sops.yaml creation rule") { files, yes, recursive, decrypt.DecryptionOrder };
        formats.AddTo(command, output: false);
        command.SetAction(async (r, ct) =>
        {
            var config = r.GetValue(GlobalFlags.Config);
            var order = decrypt.Read(r, context).Order;
            var confirmed = r.GetValue(yes);
            var io = new FileFormats(context, r, formats);
            if (r.GetValue(recursive))
            {
                var all = r.GetValue(files)!.SelectMany(d => RepoRun.Candidates(context, config, d)).Distinct().ToList();
                if (!confirmed)
                {
                    Confirm(context, $"update the keys of {all.Count} files under {string.Join(", ", r.GetValue(files)!)}?");
                }
                return await RepoRun.RunAsync(context, "updatekeys", all, async (f, t) =>
                {
                    var plan = await PlanAsync(context, config, io, f, t);
                    if (plan.Diff.IsEmpty) return RepoFileOutcome.Unchanged;
                    var result = await plan.ApplyAsync(order, t);
                    context.WriteFile(f, result.File.Emit(plan.Format));
                    return RepoFileOutcome.Updated;
                }, ct);
            }

            var failed = 0;
            foreach (var path in r.GetValue(files)!)
            {
                try
                {
                    var plan = await PlanAsync(context, config, io, context.FullPath(path), ct);
                    if (plan.Diff.IsEmpty)
                    {
                        context.Info($"{path}: file is already up to date");
                        continue;
                    }
                    context.Stderr.WriteLine($"The following changes will be made to the file's groups ({path}):");
                    foreach (var line in plan.Diff.Lines()) context.Stderr.WriteLine(line);
                    if (!confirmed) Confirm(context, "Is this okay?");
                    var result = await plan.ApplyAsync(order, ct);
                    context.WriteFile(path, result.File.Emit(plan.Format));
                    context.Info($"{path}: keys updated");
                }
                catch (SecretsKitException e) when (r.GetValue(files)!.Length > 1)
                {
                    failed++;
                    context.Stderr.WriteLine($"secretskit: error: {e.Message}");
                }
            }
            return failed == 0 ? 0 : ExitCodes.Generic;
        });
        return command;
    }

    /// <summary>The new groups for one file and their diff; <see cref="ApplyAsync"/> recovers the data key and rewraps it.</summary>
    private sealed record Plan(KeyRewrapper Rewrapper, EncryptedDocument Document, string File, IReadOnlyList<IReadOnlyList<IMasterKey>> Groups,
        int Threshold, KeyGroupDiff Diff, IFormat Format)
    {
        public Task<RewrapResult> ApplyAsync(DecryptionOrder? order, CancellationToken ct) =>
            Rewrapper.RewrapAsync(Document, File, Groups, Threshold, order, ct);
    }

    private static async Task<Plan> PlanAsync(CliContext context, string? config, FileFormats io, string file, CancellationToken ct)
    {
        var bytes = await InputFile.ReadAsync(file, context, ct);
        var format = io.Input(file);
        SopsFiles.WarnIfSopsRefuses(context, bytes, file, format);
        var document = SecretFileReader.Parse(bytes, file, format);
        var location = new ConfigLocator(context.Environment).Locate(config, file);
        if (!location.Found)
        {
            throw new SecretsKitException(ExitCodes.ConfigFileNotFound, $"{file}: no .sops.yaml found to take the keys from",
                "updatekeys replaces the file's keys with those of its .sops.yaml creation rule");
        }
        var match = ConfigCache.Load(location.Path!).MatchCreationRule(file, context.Environment.CurrentDirectory)
            ?? throw new SecretsKitException(ExitCodes.Generic, $"{location.Path} has no creation_rules");
        if (!match.Rule.HasKeys)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{file}: the matching rule {match.Describe()} has no keys");
        }
        var groups = KeySpecResolver.Resolve(context.Registry, match.Rule.KeyGroups, new KeyParseOptions(null, match.Rule.AwsProfile));
        var current = Core.Metadata.MetadataReader.Read(document.Metadata, file).ShamirThreshold;
        var threshold = match.Rule.ShamirThreshold > 0 ? match.Rule.ShamirThreshold : KeyRewrapper.Normalize(current, groups.Count);
        var rewrapper = new KeyRewrapper(context.Engine);
        return new Plan(rewrapper, document, file, groups, threshold, rewrapper.Preview(document, file, groups, threshold), format);
    }

    private static void Confirm(CliContext context, string question)
    {
        if (!context.CanAsk)
        {
            throw new SecretsKitException(ExitCodes.Generic, "updatekeys needs confirmation but there is no terminal to ask on",
                "pass -y/--yes to apply the changes without asking");
        }
        context.Stderr.Write($"{question} [y/N]: ");
        context.Stderr.Flush();
        var answer = context.ReadLine()?.Trim();
        if (!string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) && !string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase))
        {
            throw new SecretsKitException(ExitCodes.Generic, "changes not applied");
        }
    }
}
