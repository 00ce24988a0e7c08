using System.CommandLine;
using System.Security.Cryptography;
using SecretsKit.Cli.Infrastructure;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.YamlPreserving;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;

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
        var showKeys = new Option<bool>("--show-master-keys", "-s")
        {
            Description = "show the sops metadata (master keys) in the editor; key changes made there take effect",
        };
        var command = new Command(name, "edit an encrypted file in $SOPS_EDITOR / $EDITOR") { file, preserve, showKeys };
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
            var withKeys = r.GetValue(showKeys);
            // Everything that can fail without the user's typing is checked before the editor opens: the directory is
            // writable, and a new file has keys (flags or a creation rule).
            context.CheckWritable(path);
            DecryptedFile? original = null;
            EncryptionSettings? plan = null;
            byte[] plaintext;
            byte[]? layout = null;
            if (File.Exists(full))
            {
                var bytes = await InputFile.ReadAsync(path, context, ct);
                original = await context.DecryptAsync(bytes, path, format, decrypt.Read(r, context), ct);
                if (!withKeys && (r.GetValue(preserve) || (format.Name == "yaml" && !PreservingYamlDocument.IsCanonical(bytes, format)))) layout = bytes;
                plaintext = withKeys ? MasterKeysView.Render(original, format)
                    : layout is null ? format.EmitPlain(original.Plain)
                    : LayoutPreservingWriter.Plain(layout, format, original.Plain, format, out _);
            }
            else
            {
                plan = EncryptionPlanner.Plan(context, r, keys, rules, path);
                original = withKeys ? await context.Engine.StartAsync(format.ExampleTree, plan, ct) : null;
                plaintext = withKeys ? MasterKeysView.Render(original!, format) : format.EmitPlain(format.ExampleTree);
            }

            using var temp = PrivateTempDirectory.Create();
            var tempFile = temp.WriteFile(Path.GetFileName(full), plaintext);
            var before = SHA256.HashData(plaintext);
            EncryptedFile encrypted;
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
                    encrypted = withKeys
                        ? await new MasterKeysView(context.Engine).ApplyAsync(original!, after, path, format, ct)
                        : original is not null
                            ? context.Engine.Reencrypt(original, PlainParser.Parse(after, path, format))
                            : await context.Engine.EncryptAsync(PlainParser.Parse(after, path, format), plan!, ct);
                    break;
                }
                catch (SecretsKitException e) when (e is not NoKeyMatchedException && context.CanAsk)
                {
                    context.Stderr.WriteLine($"secretskit: error: {e.Message}");
                    context.Stderr.WriteLine("secretskit: press Enter to return to the editor, or Ctrl-C to abort without saving");
                    if (context.ReadLine() is null) throw;
                }
            }

            var written = encrypted.Emit(format);
            if (layout is not null)
            {
                written = LayoutPreservingWriter.Encrypted(layout, format, encrypted, format, out var preserved);
                if (r.GetValue(preserve)) PreserveFormatFlag.WarnIfLost(context, preserved, path);
            }
            WriteOrKeep(context, path, written);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Replaces the file; when that fails after the editor closed (the directory changed under us, the disk filled up)
    /// the edits are not lost: the encrypted result is saved (no plaintext) in a new private directory the user is told of.
    /// </summary>
    private static void WriteOrKeep(CliContext context, string path, byte[] written)
    {
        try
        {
            context.WriteFile(path, written);
        }
        catch (SecretsKitException e) when (e.ExitCode == ExitCodes.CouldNotWriteOutputFile)
        {
            var saved = PrivateTempDirectory.Create("secretskit-saved-").Keep().WriteFile(Path.GetFileName(path), written);
            throw new SecretsKitException(e.ExitCode, e.Message,
                $"your edits are saved, encrypted, in {saved}; move it over {path} once it can be written", e);
        }
    }
}
