using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Flags;
using SecretsKit.Cli.IO;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.YamlPreserving;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Core.Tree;

namespace SecretsKit.Cli.Commands.Sops;

/// <summary>
/// <c>set FILE INDEX [VALUE]</c> and <c>unset FILE INDEX</c>: change one value of document 0 in place (atomically),
/// re-encrypting with the same data key so unchanged values keep their ciphertext.
/// </summary>
internal static class ValueCommands
{
    public static Command Set(CliContext context)
    {
        var file = new Argument<string>("file");
        var index = new Argument<string>("index") { Description = "tree path, e.g. '[\"app\"][\"password\"]'" };
        var value = new Argument<string?>("value") { Arity = ArgumentArity.ZeroOrOne, Description = "JSON value (or a path with --value-file)" };
        var valueFile = new Option<bool>("--value-file") { Description = "VALUE is the path of a file holding the JSON value" };
        var valueStdin = new Option<bool>("--value-stdin") { Description = "read the JSON value from stdin" };
        var idempotent = new Option<bool>("--idempotent") { Description = "do not write the file when the value is already equal" };
        var formats = new FormatFlags();
        var decrypt = new DecryptFlags();
        var preserve = PreserveFormatFlag.Create("keep the file's YAML layout (the default when the file is not in the standard layout)");
        var command = new Command("set", "set a value in an encrypted file (in place)") { file, index, value, valueFile, valueStdin, idempotent, preserve };
        formats.AddTo(command);
        decrypt.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            var path = TreePath.Parse(r.GetValue(index)!);
            var json = await ReadValueAsync(context, r.GetValue(value), r.GetValue(valueFile), r.GetValue(valueStdin), ct);
            var node = TreeValueEditor.ParseJsonValue(json);
            return await ChangeAsync(context, r, formats, decrypt, r.GetValue(file)!, r.GetValue(idempotent), r.GetValue(preserve), plain =>
                TreeValueEditor.Set(plain, path, node), ct);
        });
        return command;
    }

    public static Command Unset(CliContext context)
    {
        var file = new Argument<string>("file");
        var index = new Argument<string>("index") { Description = "tree path, e.g. '[\"app\"][\"password\"]'" };
        var idempotent = new Option<bool>("--idempotent") { Description = "a missing path is not an error (nothing is written)" };
        var formats = new FormatFlags();
        var decrypt = new DecryptFlags();
        var preserve = PreserveFormatFlag.Create("keep the file's YAML layout (the default when the file is not in the standard layout)");
        var command = new Command("unset", "remove a value from an encrypted file (in place)") { file, index, idempotent, preserve };
        formats.AddTo(command);
        decrypt.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            var path = TreePath.Parse(r.GetValue(index)!);
            var name = r.GetValue(file)!;
            return await ChangeAsync(context, r, formats, decrypt, name, r.GetValue(idempotent), r.GetValue(preserve), plain =>
                TreeValueEditor.Unset(plain, path) ?? (r.GetValue(idempotent)
                    ? plain
                    : throw new SecretsKitException(ExitCodes.Generic, $"{name}: component {path} not found", "--idempotent makes a missing path a no-op")), ct);
        });
        return command;
    }

    private static async Task<int> ChangeAsync(CliContext context, ParseResult r, FormatFlags formats, DecryptFlags decrypt, string path,
        bool idempotent, bool preserve, Func<SopsTree, SopsTree> change, CancellationToken ct)
    {
        var io = new FileFormats(context, r, formats);
        var format = io.Input(path);
        if (format.Name == "binary")
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{path}: set/unset are not supported for binary files");
        }
        var bytes = await InputFile.ReadAsync(path, context, ct);
        var decrypted = await SopsFiles.DecryptAsync(context, bytes, path, format, decrypt.Read(r, context), ct);
        var changed = change(decrypted.Plain);
        if (idempotent && changed.Equals(decrypted.Plain))
        {
            context.Info($"{path}: value unchanged, file not written");
            return 0;
        }
        var encrypted = context.Engine.Reencrypt(decrypted, changed);
        var output = io.Output(path, format.Name);
        byte[] written;
        if (PreservingYamlDocument.Supports(output) && PreservingYamlDocument.Supports(format) && (preserve || !PreservingYamlDocument.IsCanonical(bytes, format)))
        {
            // Hand-written layouts stay as they are: only the changed value's line (plus lastmodified and mac) moves.
            written = LayoutPreservingWriter.Encrypted(bytes, format, encrypted, output, out var preserved);
            if (preserve) PreserveFormatFlag.WarnIfLost(context, preserved, path);
        }
        else
        {
            written = encrypted.Emit(output);
        }
        context.WriteFile(path, written);
        return 0;
    }

    private static async Task<byte[]> ReadValueAsync(CliContext context, string? value, bool fromFile, bool fromStdin, CancellationToken ct)
    {
        if (fromFile && fromStdin)
        {
            throw new SecretsKitException(ExitCodes.ConflictingParameters, "--value-file and --value-stdin cannot be used together");
        }
        if (fromStdin)
        {
            if (value is not null) throw new SecretsKitException(ExitCodes.ConflictingParameters, "--value-stdin takes no VALUE argument");
            using var ms = new MemoryStream();
            await context.Stdin.CopyToAsync(ms, ct);
            return ms.ToArray();
        }
        if (value is null)
        {
            throw new SecretsKitException(ExitCodes.InvalidSetFormat, "set needs a VALUE (or --value-stdin)");
        }
        if (fromFile)
        {
            try
            {
                return BoundedInput.ReadFile(context.FullPath(value), $"the value file {value}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SecretsKitException(ExitCodes.CouldNotReadInputFile, $"cannot read the value file {value}: {e.Message}");
            }
        }
        return System.Text.Encoding.UTF8.GetBytes(value);
    }
}
