using System.Security.Cryptography;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Flags;
using SecretsKit.Cli.IO;
using SecretsKit.Cli.Processes;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.YamlPreserving;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Commands.Sops;

/// <summary>
/// One <c>edit</c> run: open (decrypt the file, or plan a new one from the creation rules), let the user edit a
/// plaintext copy in a private temp directory until it parses and encrypts (or stays unchanged), then write.
/// Everything that can fail without the user's typing is checked before the editor opens.
/// </summary>
internal sealed class EditSession(CliContext context, string path, IFormat format, bool showMasterKeys, bool preserveFormat)
{
    private DecryptedFile? _original;
    private EncryptionSettings? _plan;
    private byte[]? _layout;

    public async Task<int> RunAsync(DecryptOptions decryptOptions, Func<EncryptionSettings> planNewFile, CancellationToken ct)
    {
        context.CheckWritable(path);
        var plaintext = await OpenAsync(decryptOptions, planNewFile, ct);
        using var temp = PrivateTempDirectory.Create();
        using var watchdog = PlaintextWatchdog.Watch(temp.Path);
        var tempFile = temp.WriteFile(Path.GetFileName(context.FullPath(path)), plaintext);
        var encrypted = await EditUntilValidAsync(tempFile, SHA256.HashData(plaintext), ct);
        if (encrypted is null)
        {
            context.Info("file has not changed, exiting");
            return ExitCodes.FileHasNotBeenModified;
        }
        Write(encrypted);
        return 0;
    }

    /// <summary>The plaintext the editor starts from: the decrypted file, or the format's example for a new file.</summary>
    private async Task<byte[]> OpenAsync(DecryptOptions decryptOptions, Func<EncryptionSettings> planNewFile, CancellationToken ct)
    {
        if (!File.Exists(context.FullPath(path)))
        {
            _plan = planNewFile();
            _original = showMasterKeys ? await context.Engine.StartAsync(format.ExampleTree, _plan, ct) : null;
            return showMasterKeys ? MasterKeysView.Render(_original!, format) : format.EmitPlain(format.ExampleTree);
        }
        var bytes = await InputFile.ReadAsync(path, context, ct);
        _original = await SopsFiles.DecryptAsync(context, bytes, path, format, decryptOptions, ct);
        if (showMasterKeys) return MasterKeysView.Render(_original, format);
        if (preserveFormat || PreservingYamlDocument.NeedsLayoutKept(bytes, format)) _layout = bytes;
        return _layout is null
            ? format.EmitPlain(_original.Plain)
            : LayoutPreservingWriter.Plain(_layout, format, _original.Plain, format, out _);
    }

    /// <summary>
    /// Runs the editor until what it left encrypts; null when the file was left unchanged. On a terminal, an error the
    /// user can fix in the editor (a parse error, say) offers to go back to it; anything else is thrown.
    /// </summary>
    private async Task<EncryptedFile?> EditUntilValidAsync(string tempFile, byte[] before, CancellationToken ct)
    {
        while (true)
        {
            await EditorLauncher.RunAsync(tempFile, context, ct);
            var after = await ReadEditedAsync(tempFile, ct);
            if (SHA256.HashData(after).AsSpan().SequenceEqual(before)) return null;
            try
            {
                return await EncryptAsync(after, ct);
            }
            catch (SecretsKitException e) when (e is not NoKeyMatchedException && context.CanAsk)
            {
                context.Stderr.WriteLine($"secretskit: error: {e.Message}");
                context.Stderr.WriteLine("secretskit: press Enter to return to the editor, or Ctrl-C to abort without saving");
                if (context.ReadLine() is null) throw;
            }
        }
    }

    /// <summary>
    /// What the editor left; an editor that deleted the file or put something else (a directory) in its place is a clear
    /// error (exit 2, as sops' "could not read edited file"), and the encrypted file stays as it was.
    /// </summary>
    private async Task<byte[]> ReadEditedAsync(string tempFile, CancellationToken ct)
    {
        if (!File.Exists(tempFile))
        {
            var what = Directory.Exists(tempFile) ? "replaced it with a directory" : "deleted it";
            throw new SecretsKitException(ExitCodes.CouldNotReadInputFile,
                $"could not read the edited file: the editor {what}; {path} was not changed", "an editor must save its changes into the file it was given");
        }
        if (new FileInfo(tempFile).LinkTarget is not null) throw NotAFile("replaced it with a symbolic link");
        try
        {
            // not File.ReadAllBytes: a FIFO left in its place would block the open forever (NonBlockingOpen refuses it)
            await using var file = NonBlockingOpen.OpenFile(tempFile);
            using var bytes = new MemoryStream();
            await file.CopyToAsync(bytes, ct);
            return bytes.ToArray();
        }
        catch (InvalidDataException)
        {
            throw NotAFile("replaced it with a FIFO, a socket or a terminal");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SecretsKitException(ExitCodes.CouldNotReadInputFile, $"could not read the edited file: {Echo.Bounded(e.Message)}; {path} was not changed", null, e);
        }
    }

    private SecretsKitException NotAFile(string what) =>
        new(ExitCodes.CouldNotReadInputFile, $"could not read the edited file: the editor {what}; {path} was not changed",
            "an editor must save its changes into the file it was given");

    /// <summary>Unchanged values keep their ciphertext (same data key); a new file is encrypted as planned.</summary>
    private async Task<EncryptedFile> EncryptAsync(byte[] edited, CancellationToken ct)
    {
        if (showMasterKeys) return await new MasterKeysView(context.Engine).ApplyAsync(_original!, edited, path, format, ct);
        var tree = PlainParser.Parse(edited, path, format, context);
        if (tree.Branches.Count == 0)
        {
            // sops' edit loop refuses it too (ValidateFileForEncryption): no document would be an empty file, every value lost
            throw new SecretsKitException(ExitCodes.NeedAtLeastOneDocument, "File cannot be completely empty, it must contain at least one document",
                $"{path} was not changed");
        }
        return _original is not null ? context.Engine.Reencrypt(_original, tree) : await context.Engine.EncryptAsync(tree, _plan!, ct);
    }

    private void Write(EncryptedFile encrypted)
    {
        var written = encrypted.Emit(format);
        if (_layout is not null)
        {
            written = LayoutPreservingWriter.Encrypted(_layout, format, encrypted, format, out var preserved);
            if (preserveFormat) PreserveFormatFlag.WarnIfLost(context, preserved, path);
        }
        WriteOrKeep(written);
    }

    /// <summary>
    /// Replaces the file; when that fails after the editor closed (the directory changed under us, the disk filled up)
    /// the edits are not lost: the encrypted result is saved (no plaintext) in a new private directory the user is told of.
    /// </summary>
    private void WriteOrKeep(byte[] written)
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
