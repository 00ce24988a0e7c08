using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Flags;
using SecretsKit.Cli.IO;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Tree;

namespace SecretsKit.Cli.Commands.Sops;

/// <summary><c>decrypt [file]</c>: verify and decrypt to stdout, <c>--output</c> or in place; <c>--extract</c> one value.</summary>
internal static class DecryptCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string?>("file") { Arity = ArgumentArity.ZeroOrOne, Description = "encrypted file (stdin when omitted)" };
        var inPlace = new Option<bool>("--in-place", "-i") { Description = "write the result back to the file" };
        var output = new Option<string?>("--output") { Description = "write the result to this file" };
        var extract = new Option<string?>("--extract") { Description = "extract one value, e.g. '[\"key\"][0]'" };
        var preserve = PreserveFormatFlag.Create();
        var formats = new FormatFlags();
        var decrypt = new DecryptFlags();
        var command = new Command("decrypt", "decrypt a SOPS file") { file, inPlace, output, extract, preserve };
        formats.AddTo(command);
        decrypt.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            var path = r.GetValue(file);
            OutputTarget.CheckExclusive(r.GetValue(inPlace), r.GetValue(output));
            var io = new FileFormats(context, r, formats);
            var inputFormat = io.Input(path);
            var preserveFormat = r.GetValue(preserve);
            // Without --preserve-format the input bytes are needed only to parse, and the encrypted tree only to decrypt:
            // DecryptTreeAsync keeps neither beyond its own frame, so only the plaintext tree is alive while it is emitted.
            var original = preserveFormat ? await InputFile.ReadAsync(path, context, ct) : null;
            SopsTree plain;
            long inputLength;
            try
            {
                (plain, inputLength) = await DecryptTreeAsync(context, original, path, io.DisplayName(path), inputFormat, decrypt.Read(r, context), ct);
            }
            catch (SecretsKitException e) when (InputFile.IsStdin(path) && r.GetValue(formats.InputType) is null && r.GetValue(formats.FilenameOverride) is null)
            {
                throw new SecretsKitException(e.ExitCode, e.Message,
                    $"stdin has no file name to tell its format, so it was read as {inputFormat.Name}; pass --input-type yaml|json|dotenv|ini (or --filename-override NAME)", e);
            }
            // The encrypted tree the walk replaced is dead; given back before the output is made (as encrypt does).
            BatchMemory.ReleaseAfterPhase(inputLength);
            var outFormat = io.Output(path, inputFormat.Name);
            if (r.GetValue(extract) is { } extractPath)
            {
                var value = Extract(plain, extractPath, inputFormat, io.DisplayName(path));
                await OutputTarget.WriteAsync(outFormat.EmitValue(value), path, r.GetValue(inPlace), r.GetValue(output), plaintext: true, context, ct);
                return 0;
            }
            if (original is not null)
            {
                var result = LayoutPreservingWriter.Plain(original, inputFormat, plain, outFormat, out var preserved);
                PreserveFormatFlag.WarnIfLost(context, preserved, io.DisplayName(path));
                await OutputTarget.WriteAsync(result, path, r.GetValue(inPlace), r.GetValue(output), plaintext: true, context, ct);
                return 0;
            }
            await OutputTarget.WriteAsync(stream => outFormat.EmitPlain(plain, stream), path, r.GetValue(inPlace), r.GetValue(output), plaintext: true, context, ct);
            return 0;
        });
        return command;
    }

    /// <summary><c>--extract PATH</c>: the value at that path of the first document (not for binary files).</summary>
    private static TreeNode Extract(SopsTree plain, string extractPath, IFormat format, string name)
    {
        if (format.Name == "binary")
        {
            throw new SecretsKitException(ExitCodes.Generic, "--extract is not supported for binary files");
        }
        var tp = TreePath.Parse(extractPath);
        var value = plain.Branches.Count == 0 ? null : tp.Find(plain.Branches[0]);
        return value ?? throw new SecretsKitException(ExitCodes.Generic, $"{name}: component {tp} not found");
    }

    /// <summary>
    /// Parses and decrypts the input (<paramref name="original"/> when already read, else read here and dropped once
    /// parsed) and returns only the plaintext tree.
    /// </summary>
    private static async Task<(SopsTree Plain, long InputLength)> DecryptTreeAsync(CliContext context, byte[]? original, string? path, string name, IFormat format,
        DecryptOptions options, CancellationToken ct)
    {
        var document = ReadDocument(context, original, path, name, format, out var inputLength);
        BatchMemory.ReleaseAfterPhase(inputLength);
        var decrypted = await SopsFiles.DecryptAsync(context, document, name, options, ct);
        return (decrypted.Plain, inputLength);
    }

    // Its own frame: unoptimised (tier-0) code keeps every temporary of a method alive until the method returns, so the
    // input bytes read here would otherwise stay alive through the whole decryption.
    private static EncryptedDocument ReadDocument(CliContext context, byte[]? original, string? path, string name, IFormat format, out long inputLength)
    {
        var input = Open(original, path, context);
        inputLength = input.Length;
        return SopsFiles.Parse(context, input, name, format);
    }

    // Its own frame too: the format may let go of the bytes read here part way through the parse (YAML does).
    // Once let go of, the bytes read here are collected at once (BatchMemory) rather than alongside the parse's growth;
    // bytes the caller already holds (--preserve-format) stay alive, so nothing is collected then.
    private static ReleasableInput Open(byte[]? original, string? path, CliContext context)
    {
        if (original is not null) return new ReleasableInput(original);
        var bytes = InputFile.Read(path, context);
        var length = bytes.LongLength;
        return new ReleasableInput(bytes, () => BatchMemory.ReleaseAfterPhase(length));
    }
}
