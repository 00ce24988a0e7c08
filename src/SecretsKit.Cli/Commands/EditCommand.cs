using System.CommandLine;
using System.Security.Cryptography;
using SecretsKit.Cli.Infrastructure;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.YamlPreserving;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Core.Tree;

namespace SecretsKit.Cli.Commands;

/// <summary>
/// <c>edit file</c>: decrypt into a private 0700 temp dir, run the editor, re-encrypt with the same data key (unchanged
/// values keep their ciphertext) and replace the file atomically. A new file is created from the creation rules.
/// </summary>
internal static class EditCommand
{
    public static Command Create(CliContext context, string name = "edit")
    {
        var file = new Argument<string>("file") { Description = "file to edit (created when missing)" };
        var formats = new FormatFlags();
        var keys = new KeyFlags(context.Registry);
        var rules = new CryptRuleFlags();
        var decrypt = new DecryptFlags();
        var preserve = PreserveFormatFlag.Create("keep the file's YAML layout (the default when the file is not in the standard layout)");
        var command = new Command(name, "edit an encrypted file in $SOPS_EDITOR / $EDITOR") { file, preserve };
        formats.AddTo(command);
        keys.AddTo(command);
        rules.AddTo(command);
        decrypt.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            var path = r.GetValue(file)!;
            var full = context.FullPath(path);
            var io = new FileFormats(context, r, formats);
            var format = io.Input(path);
            DecryptedFile? original = null;
            byte[] plaintext;
            byte[]? layout = null;
            if (File.Exists(full))
            {
                var bytes = await InputFile.ReadAsync(path, context, ct);
                original = await new SecretFileReader(context.Engine).DecryptAsync(bytes, path, format, decrypt.Read(r, context), ct);
                if (r.GetValue(preserve) || (format.Name == "yaml" && !PreservingYamlDocument.IsCanonical(bytes, format))) layout = bytes;
                plaintext = layout is null ? format.EmitPlain(original.Plain) : LayoutPreservingWriter.Plain(layout, format, original.Plain, format, out _);
            }
            else
            {
                plaintext = format.EmitPlain(format.ExampleTree);
            }

            using var temp = PrivateTempDirectory.Create();
            var tempFile = temp.WriteFile(Path.GetFileName(full), plaintext);
            var before = SHA256.HashData(plaintext);
            SopsTree edited;
            while (true)
            {
                await EditorLauncher.RunAsync(tempFile, context, ct);
                var after = await File.ReadAllBytesAsync(tempFile, ct);
                if (SHA256.HashData(after).AsSpan().SequenceEqual(before))
                {
                    context.Info("file has not changed, exiting");
                    return ExitCodes.FileHasNotBeenModified;
                }
                try
                {
                    edited = PlainParser.Parse(after, path, format);
                    break;
                }
                catch (SecretsKitException e) when (!Console.IsInputRedirected && context.Environment.Get("CI") is null)
                {
                    context.Stderr.WriteLine($"secretskit: error: {e.Message}");
                    context.Stderr.WriteLine("secretskit: press Enter to return to the editor, or Ctrl-C to abort without saving");
                    Console.ReadLine();
                }
            }

            var encrypted = original is not null
                ? context.Engine.Reencrypt(original, edited)
                : await context.Engine.EncryptAsync(edited, EncryptionPlanner.Plan(context, r, keys, rules, path), ct);
            var written = encrypted.Emit(format);
            if (layout is not null)
            {
                written = LayoutPreservingWriter.Encrypted(layout, format, encrypted, format, out var preserved);
                if (r.GetValue(preserve)) PreserveFormatFlag.WarnIfLost(context, preserved, path);
            }
            AtomicFile.Write(full, written);
            return 0;
        });
        return command;
    }
}
