using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Flags;
using SecretsKit.Cli.IO;
using SecretsKit.Cli.Rules;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;
using SecretsKit.Core.Operations;

namespace SecretsKit.Cli.Commands.Upkeep;

/// <summary>
/// <c>clone SRC DST [--keys-only]</c>: a new environment's secrets file from an existing one. The values are decrypted in
/// memory and encrypted under the creation rule of DST's path with a fresh data key (<see cref="SecretFileCloner"/>);
/// plaintext never reaches the disk. <c>--keys-only</c> writes SRC's key paths with the value <c>CHANGE_ME</c> (no key
/// needed), which the release pipeline's policy stage refuses until each is set. DST must not exist; it is written
/// atomically (its folder created when missing). Formats follow the file names.
/// </summary>
internal static class CloneCommand
{
    public static Command Create(CliContext context)
    {
        var source = new Argument<string>("src") { Description = "the encrypted file to copy" };
        var target = new Argument<string>("dst") { Description = "the new file: encrypted under the creation rule of its path" };
        var keysOnly = new Option<bool>("--keys-only") { Description = $"copy the key paths only, each value {KeyPlaceholders.Value} (nothing is decrypted)" };
        var decrypt = new DecryptFlags();
        var command = new Command("clone", "copy an encrypted file to a new path, re-encrypted for that path's creation rule with a fresh data key") { source, target, keysOnly };
        decrypt.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            var src = r.GetValue(source)!;
            var dst = r.GetValue(target)!;
            if (InputFile.IsStdin(src) || InputFile.IsStdin(dst)) throw new SecretsKitException(ExitCodes.NoFileSpecified, "clone needs two file paths, not stdin");
            if (File.Exists(Path.GetFullPath(dst, context.Environment.CurrentDirectory)))
            {
                throw new SecretsKitException(ExitCodes.Generic, $"{dst} already exists: clone writes a new file", "remove it first, or pick another path");
            }
            var settings = EncryptionPlanner.FromRule(context, r, dst);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(dst, context.Environment.CurrentDirectory))!); // a new environment's folder
            context.CheckWritable(dst);
            var document = SopsFiles.Parse(context, InputFile.Read(src, context), src, Format(context, r, src));
            var cloned = await new SecretFileCloner(context.Engine).CloneAsync(document, src, settings, r.GetValue(keysOnly), decrypt.Read(r, context), ct);
            SopsFiles.LogEncryptedWith(context, cloned.Metadata);
            var output = Format(context, r, dst);
            context.WriteFile(dst, stream => cloned.Emit(output, stream));
            return 0;
        });
        return command;
    }

    /// <summary>The format of <paramref name="path"/> by its name, with the indentation of the <c>.sops.yaml</c> that governs it.</summary>
    private static IFormat Format(CliContext context, ParseResult r, string path)
    {
        var indent = r.GetValue(GlobalFlags.Indent);
        var stores = StoreSettings.Load(context, r, path);
        return FormatRegistry.Create(FormatRegistry.NameForPath(path), new FormatOptions(indent ?? stores.YamlIndent, indent ?? stores.JsonIndent, indent ?? stores.JsonBinaryIndent));
    }
}
