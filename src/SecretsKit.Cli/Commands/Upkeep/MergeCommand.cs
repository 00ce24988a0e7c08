using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Flags;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;
using SecretsKit.Core.Formats.YamlPreserving;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Commands.Upkeep;

/// <summary>
/// <c>merge BASE CURRENT OTHER</c>: a git merge driver (<c>secretskit merge %O %A %B</c>). Merges the decrypted
/// values key by key and writes the re-encrypted result to CURRENT (exit 0); on a conflict prints each conflicting
/// key path (never a value), leaves CURRENT untouched and exits 1.
/// </summary>
internal static class MergeCommand
{
    public static Command Create(CliContext context)
    {
        var @base = new Argument<string>("base") { Description = "the common ancestor (git %O)" };
        var current = new Argument<string>("current") { Description = "our version; the result is written here (git %A)" };
        var other = new Argument<string>("other") { Description = "their version (git %B)" };
        var markerSize = new Option<int?>("--marker-size") { Description = "conflict marker size (git %L; accepted, markers are never written into secret files)" };
        var pathOption = new Option<string?>("--path") { Description = "the file's path in the repository (git %P), used to pick the format" };
        var decrypt = new DecryptFlags();
        var command = new Command("merge", "git merge driver for encrypted files") { @base, current, other, markerSize, pathOption };
        decrypt.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            var currentPath = context.FullPath(r.GetValue(current)!);
            var repoPath = r.GetValue(pathOption);
            var baseBytes = await ReadAsync(context.FullPath(r.GetValue(@base)!), allowMissing: true, ct);
            var currentBytes = await ReadAsync(currentPath, allowMissing: false, ct);
            var otherBytes = await ReadAsync(context.FullPath(r.GetValue(other)!), allowMissing: false, ct);
            var format = PickFormat(repoPath ?? r.GetValue(current)!, currentBytes);
            var display = repoPath ?? r.GetValue(current)!;
            var merger = new SecretFileMerger(context.Engine);
            // A file written by hand (not in the standard layout) keeps its layout through the merge.
            var result = await merger.MergeAsync(baseBytes, currentBytes, otherBytes, display, format, decrypt.Read(r, context),
                (merged, layout) => PreservingYamlDocument.NeedsLayoutKept(layout, format)
                    ? LayoutPreservingWriter.Encrypted(layout, format, merged, format, out _)
                    : merged.Emit(format),
                ct);
            if (!result.IsClean)
            {
                foreach (var path in result.Conflicts)
                {
                    context.Stderr.WriteLine(path == SecretFileMerger.KeyGroupsConflict
                        ? $"CONFLICT (content): key groups differ in {display}: both branches changed the keys"
                        : $"CONFLICT (content): secret values differ at {path} in {display}");
                }
                context.Stderr.WriteLine($"secretskit: {display} left as the current branch has it; resolve with 'secretskit edit {display}'");
                return 1;
            }
            if (!result.SameAsCurrent) context.WriteFile(currentPath, result.Output!);
            return 0;
        });
        return command;
    }

    private static Task<byte[]> ReadAsync(string path, bool allowMissing, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (File.Exists(path)) return Task.FromResult(BoundedInput.ReadFile(path, path));
        if (allowMissing) return Task.FromResult<byte[]>([]);
        throw new SecretsKitException(ExitCodes.NoFileSpecified, $"merge: {path} does not exist");
    }

    /// <summary>By extension when known; git's temp files have none, so then the first format that finds sops metadata.</summary>
    private static IFormat PickFormat(string name, byte[] content)
    {
        var byName = FormatRegistry.NameForPath(name);
        if (byName != "binary") return FormatRegistry.Create(byName);
        foreach (var candidate in new[] { "json", "yaml", "dotenv", "ini" })
        {
            var format = FormatRegistry.Create(candidate);
            try
            {
                format.ParseEncrypted(content);
                return format;
            }
            catch (SecretsKitException)
            {
            }
        }
        return FormatRegistry.Create("binary");
    }
}
