using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Flags;
using SecretsKit.Cli.IO;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;

namespace SecretsKit.Cli.Commands.Upkeep;

/// <summary>
/// <c>groups add --file F --age … [-i]</c> and <c>groups delete --file F [-i] INDEX</c> (0-based): the same data key is
/// re-split with fresh Shamir shares over the new group list; values and MAC untouched. Without <c>-i</c> the result goes to stdout.
/// </summary>
internal static class GroupsCommand
{
    public static Command Create(CliContext context) => new("groups", "add or delete key groups") { Add(context), Delete(context) };

    private static Command Add(CliContext context)
    {
        var file = new Option<string>("--file", "-f") { Description = "the encrypted file", Required = true };
        var inPlace = new Option<bool>("--in-place", "-i") { Description = "write the result back to the file" };
        var keys = new KeyFlags(context.Registry);
        var formats = new FormatFlags();
        var decrypt = new DecryptFlags();
        var force = new Option<bool>("--force")
        {
            Description = "add the group even when the keys available here could then no longer decrypt the file",
        };
        var command = new Command("add", "add a key group") { file, inPlace, force };
        keys.AddTo(command);
        formats.AddTo(command);
        command.Add(decrypt.DecryptionOrder);
        command.SetAction(async (r, ct) =>
        {
            var path = r.GetValue(file)!;
            var io = new FileFormats(context, r, formats);
            var format = io.Input(path);
            var document = SecretFileReader.Parse(await InputFile.ReadAsync(path, context, ct), path, format);
            var result = await new GroupEditor(context.Engine).AddAsync(document, path, keys.Read(r, context),
                r.GetValue(keys.ShamirThreshold), decrypt.Read(r, context).Order, ct);
            if (!r.GetValue(force)) await RefuseLockoutAsync(context, result, path, format, r.GetValue(inPlace), ct);
            await Write(context, r, io, path, format, inPlace, result, ct);
            return 0;
        });
        return command;
    }

    private static Command Delete(CliContext context)
    {
        var file = new Option<string>("--file", "-f") { Description = "the encrypted file", Required = true };
        var inPlace = new Option<bool>("--in-place", "-i") { Description = "write the result back to the file" };
        var index = new Argument<int>("index") { Description = "0-based index of the group to delete" };
        var threshold = new Option<int>("--shamir-secret-sharing-threshold") { Description = "number of key groups needed to decrypt" };
        var formats = new FormatFlags();
        var decrypt = new DecryptFlags();
        var command = new Command("delete", "delete a key group") { file, inPlace, index, threshold };
        formats.AddTo(command);
        command.Add(decrypt.DecryptionOrder);
        command.SetAction(async (r, ct) =>
        {
            var path = r.GetValue(file)!;
            var io = new FileFormats(context, r, formats);
            var format = io.Input(path);
            var document = SecretFileReader.Parse(await InputFile.ReadAsync(path, context, ct), path, format);
            var result = await new GroupEditor(context.Engine).DeleteAsync(document, path, r.GetValue(index), r.GetValue(threshold),
                decrypt.Read(r, context).Order, ct);
            await Write(context, r, io, path, format, inPlace, result, ct);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// A new group raises the number of groups needed (sops: all of them unless a threshold is given); when the keys at
    /// hand could no longer decrypt the result, nothing is written in place without <c>--force</c> (on stdout: a warning).
    /// </summary>
    private static async Task RefuseLockoutAsync(CliContext context, RewrapResult result, string path, Core.Formats.IFormat format,
        bool inPlace, CancellationToken ct)
    {
        try
        {
            await SopsFiles.DecryptAsync(context, result.File.Emit(format), path, format, new DecryptOptions(), ct);
        }
        catch (SecretsKitException e) when (e is NoKeyMatchedException || e.ExitCode == ExitCodes.CouldNotRetrieveKey)
        {
            var metadata = result.File.Metadata;
            var problem = $"{path}: with the new group, {metadata.ShamirThreshold} of {metadata.KeyGroups.Count} key groups are needed to decrypt, and the keys available here open fewer: you would be locked out";
            if (!inPlace)
            {
                context.Info("warning: " + problem);
                return;
            }
            throw new SecretsKitException(ExitCodes.Generic, problem,
                "nothing was written; pass --force to add the group anyway (someone holding the other keys can still decrypt), or --shamir-secret-sharing-threshold N to need fewer groups", e);
        }
    }

    private static async Task Write(CliContext context, ParseResult r, FileFormats io, string path, Core.Formats.IFormat format,
        Option<bool> inPlace, RewrapResult result, CancellationToken ct)
    {
        foreach (var line in result.Diff.Lines())
        {
            if (r.GetValue(GlobalFlags.Verbose)) context.Stderr.WriteLine(line);
        }
        var bytes = result.File.Emit(io.Output(path, format.Name));
        await OutputTarget.WriteAsync(bytes, path, r.GetValue(inPlace), null, plaintext: false, context, ct);
    }
}
