using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Flags;
using SecretsKit.Cli.IO;
using SecretsKit.Cli.Rules;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Tree;

namespace SecretsKit.Cli.Commands.Sops;

/// <summary><c>encrypt [file]</c>: encrypt a plaintext file with the keys of the flags or the matching creation rule.</summary>
internal static class EncryptCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string?>("file") { Arity = ArgumentArity.ZeroOrOne, Description = "plaintext file (stdin when omitted; then --filename-override is required)" };
        var inPlace = new Option<bool>("--in-place", "-i") { Description = "write the result back to the file" };
        var output = new Option<string?>("--output") { Description = "write the result to this file" };
        var preserve = PreserveFormatFlag.Create();
        var formats = new FormatFlags();
        var keys = new KeyFlags(context.Registry);
        var rules = new CryptRuleFlags();
        var command = new Command("encrypt", "encrypt a file") { file, inPlace, output, preserve };
        formats.AddTo(command);
        keys.AddTo(command);
        rules.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            var path = r.GetValue(file);
            OutputTarget.CheckExclusive(r.GetValue(inPlace), r.GetValue(output));
            var io = new FileFormats(context, r, formats);
            if (InputFile.IsStdin(path) && r.GetValue(formats.FilenameOverride) is null)
            {
                throw new SecretsKitException(ExitCodes.NoFileSpecified, "reading from stdin needs --filename-override to choose the format and creation rule");
            }
            if (r.GetValue(preserve))
            {
                var bytes = await InputFile.ReadAsync(path, context, ct);
                var result = await EncryptBytesAsync(context, r, io, keys, rules, path, bytes, ct, preserveFormat: true);
                await OutputTarget.WriteAsync(result, path, r.GetValue(inPlace), r.GetValue(output), plaintext: false, context, ct);
                return 0;
            }
            // The input bytes live only in ReadPlain's frame and the plaintext tree only in EncryptTreeAsync's: while the
            // file is emitted (streamed to its destination), only the encrypted tree is alive, and what each phase left
            // behind is collected before the next (BatchMemory).
            var encrypted = await ReadAndEncryptAsync(context, r, io, keys, rules, path, ct, out var inputLength);
            BatchMemory.ReleaseAfterPhase(inputLength);
            var outFormat = io.Output(path, io.Input(path).Name);
            await OutputTarget.WriteAsync(stream => encrypted.Emit(outFormat, stream), path, r.GetValue(inPlace), r.GetValue(output), plaintext: false, context, ct);
            return 0;
        });
        return command;
    }

    /// <summary>Shared by <c>encrypt</c> and <c>enc</c>: parse, plan keys, encrypt, emit.</summary>
    public static async Task<byte[]> EncryptBytesAsync(CliContext context, ParseResult r, FileFormats io, KeyFlags keys, CryptRuleFlags rules,
        string? path, byte[] bytes, CancellationToken ct, bool preserveFormat = false)
    {
        var inputFormat = io.Input(path);
        var encrypted = await EncryptTreeAsync(context, r, io, keys, rules, path, PlainParser.Parse(bytes, io.DisplayName(path), inputFormat, context), ct);
        var outFormat = io.Output(path, inputFormat.Name);
        if (!preserveFormat) return encrypted.Emit(outFormat);
        var result = LayoutPreservingWriter.Encrypted(bytes, inputFormat, encrypted, outFormat, out var preserved);
        PreserveFormatFlag.WarnIfLost(context, preserved, io.DisplayName(path));
        return result;
    }

    // Unoptimised (tier-0) code keeps every temporary of a method alive until it returns: the bytes are read in
    // ReadPlain's frame and the tree is held by this method's, both gone before the caller emits.
    private static Task<EncryptedFile> ReadAndEncryptAsync(CliContext context, ParseResult r, FileFormats io, KeyFlags keys, CryptRuleFlags rules,
        string? path, CancellationToken ct, out long inputLength)
    {
        var plain = ReadPlain(context, io, path, out inputLength);
        BatchMemory.ReleaseAfterPhase(inputLength);
        return EncryptTreeAsync(context, r, io, keys, rules, path, plain, ct);
    }

    private static SopsTree ReadPlain(CliContext context, FileFormats io, string? path, out long inputLength)
    {
        var input = InputFile.Read(path, context);
        inputLength = input.LongLength;
        return PlainParser.Parse(input, io.DisplayName(path), io.Input(path), context);
    }

    /// <summary>Plans the keys and encrypts <paramref name="plain"/> (parsed first, so a bad file is reported before a missing key).</summary>
    private static async Task<EncryptedFile> EncryptTreeAsync(CliContext context, ParseResult r, FileFormats io, KeyFlags keys, CryptRuleFlags rules,
        string? path, SopsTree plain, CancellationToken ct)
    {
        var plan = EncryptionPlanner.Plan(context, r, keys, rules, io.NameFor(path));
        var encrypted = await context.Engine.EncryptAsync(plain, plan, ct);
        SopsFiles.LogEncryptedWith(context, encrypted.Metadata);
        return encrypted;
    }
}
