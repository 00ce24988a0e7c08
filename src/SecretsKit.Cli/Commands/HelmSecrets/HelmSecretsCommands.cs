using System.CommandLine;
using SecretsKit.Cli.CommandLine;
using SecretsKit.Cli.Commands.Sops;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Flags;
using SecretsKit.Cli.IO;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Commands.HelmSecrets;

/// <summary>The helm-secrets verbs: <c>enc FILE</c> (in place), <c>dec FILE…</c> (writes FILE.dec), <c>view FILE…</c> (stdout).</summary>
internal static class HelmSecretsCommands
{
    /// <summary><c>HELM_SECRETS_DEC_PREFIX</c>: prepended to the file name of a decrypted file (helm-secrets; empty by default).</summary>
    public static string DecPrefix(CliContext context) => context.Environment.Get("HELM_SECRETS_DEC_PREFIX") ?? "";

    /// <summary>
    /// helm-secrets' <c>HELM_SECRETS_DEC_DIR</c> (else <c>HELM_SECRETS_DEC_TMP_DIR</c>): the directory the wrapper's
    /// decrypted files go to. The wrapper creates its private 0700 run directory inside it and removes it on exit.
    /// </summary>
    public static string? DecDirectory(CliContext context) =>
        context.Environment.Get("HELM_SECRETS_DEC_DIR") is { Length: > 0 } dir ? context.FullPath(dir)
        : context.Environment.Get("HELM_SECRETS_DEC_TMP_DIR") is { Length: > 0 } tmp ? context.FullPath(tmp) : null;

    /// <summary>Where <c>dec</c> writes the plaintext of <paramref name="path"/>: <c>DIR/PREFIX NAME SUFFIX</c>, next to it.</summary>
    public static string DecPath(CliContext context, string path) =>
        Path.Combine(Path.GetDirectoryName(path) ?? "", DecPrefix(context) + Path.GetFileName(path) + DecryptedCopies.Suffix(context));

    /// <summary>
    /// <c>enc FILE…</c>: encrypts each file in place; when <c>FILE.dec</c> exists (the helm-secrets 3 loop: <c>dec</c>, edit
    /// <c>FILE.dec</c>, <c>enc FILE</c>) it encrypts that into FILE, keeping FILE's keys. An already encrypted FILE is
    /// skipped with a note, and one failing file does not stop the others.
    /// </summary>
    public static Command Enc(CliContext context)
    {
        var files = new Argument<string[]>("file") { Arity = ArgumentArity.OneOrMore, Description = "plaintext values files, encrypted in place (or FILE.dec into FILE)" };
        var formats = new FormatFlags();
        var keys = new KeyFlags(context.Registry);
        var rules = new CryptRuleFlags();
        var command = new Command("enc", "encrypt values files in place, or FILE.dec into FILE (helm-secrets)") { files };
        formats.AddTo(command);
        keys.AddTo(command);
        rules.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            var io = new FileFormats(context, r, formats);
            var paths = r.GetValue(files)!;
            var failed = 0;
            foreach (var path in paths)
            {
                try
                {
                    await EncOneAsync(context, r, io, keys, rules, path, ct);
                }
                catch (SecretsKitException e) when (paths.Length > 1)
                {
                    failed++;
                    ErrorReporter.Report(e, context.Stderr, debug: false);
                }
            }
            return failed == 0 ? 0 : ExitCodes.Generic;
        });
        return command;
    }

    private static async Task EncOneAsync(CliContext context, ParseResult r, FileFormats io, KeyFlags keys, CryptRuleFlags rules,
        string path, CancellationToken ct)
    {
        var decPath = DecPath(context, path);
        if (!File.Exists(context.FullPath(decPath)))
        {
            var bytes = await InputFile.ReadAsync(path, context, ct);
            if (SopsFileStatus.IsEncrypted(bytes, io.Input(path)))
            {
                context.Info($"{path} is already encrypted, skipped");
                return;
            }
            context.WriteFile(path, await EncryptCommand.EncryptBytesAsync(context, r, io, keys, rules, path, bytes, ct));
            context.Info($"encrypted {path}");
            return;
        }
        var plain = await InputFile.ReadAsync(decPath, context, ct);
        var original = keys.Read(r, context).Count == 0 ? await TryDecryptAsync(context, io, path, ct) : null;
        var result = original is null
            ? await EncryptCommand.EncryptBytesAsync(context, r, io, keys, rules, path, plain, ct)
            : context.Engine.Reencrypt(original, PlainParser.Parse(plain, decPath, io.Input(path), context)).Emit(io.Output(path, io.Input(path).Name));
        context.WriteFile(path, result);
        context.Info($"encrypted {decPath} into {path}" + (original is null ? "" : " (with its keys)"));
    }

    /// <summary>The decrypted current FILE whose keys <c>enc</c> keeps, or null when it is not there, not encrypted, or not ours to open.</summary>
    private static async Task<DecryptedFile?> TryDecryptAsync(CliContext context, FileFormats io, string path, CancellationToken ct)
    {
        if (!File.Exists(context.FullPath(path))) return null;
        var bytes = await InputFile.ReadAsync(path, context, ct);
        var format = io.Input(path);
        if (!SopsFileStatus.IsEncrypted(bytes, format)) return null;
        try
        {
            return await SopsFiles.DecryptAsync(context, bytes, path, format, new DecryptOptions(false, null), ct);
        }
        catch (NoKeyMatchedException)
        {
            context.Info($"cannot decrypt {path} to keep its keys; encrypting with the command-line keys or creation rules");
            return null;
        }
    }

    public static Command Dec(CliContext context)
    {
        var files = new Argument<string[]>("file") { Arity = ArgumentArity.OneOrMore, Description = "encrypted files; each is decrypted to FILE.dec" };
        var formats = new FormatFlags();
        var decrypt = new DecryptFlags();
        var command = new Command("dec", "decrypt files to FILE.dec (helm-secrets)") { files };
        formats.AddTo(command, output: false);
        decrypt.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            var io = new FileFormats(context, r, formats);
            var failed = 0;
            foreach (var path in r.GetValue(files)!)
            {
                try
                {
                    var plain = await DecryptToBytesAsync(context, io, decrypt.Read(r, context), path, ct);
                    var target = DecPath(context, path);
                    context.WriteFile(target, plain, AtomicFile.PrivateMode);
                    DecManifest.Record(context.FullPath(target));
                    context.Info($"decrypted {path} to {target}");
                }
                catch (SecretsKitException e) when (r.GetValue(files)!.Length > 1)
                {
                    // one file failing does not stop the others; a single file keeps its own exit code and hint
                    failed++;
                    context.Stderr.WriteLine($"secretskit: error: {e.Message}");
                    if (e.Hint is not null) context.Stderr.WriteLine($"secretskit: hint: {e.Hint}");
                }
            }
            return failed == 0 ? 0 : ExitCodes.Generic;
        });
        return command;
    }

    /// <summary>
    /// <c>clean DIR</c>: removes the decrypted files that <c>dec</c> wrote under DIR (listed in <see cref="DecManifest"/>),
    /// whatever suffix they were written with; <c>HELM_SECRETS_DEC_SUFFIX</c> / <c>_PREFIX</c>, when set, narrow it to those.
    /// </summary>
    public static Command Clean(CliContext context)
    {
        var dir = new Argument<string>("dir") { Description = "directory to clean (recursively)" };
        var command = new Command("clean", "remove decrypted files written by 'dec' (helm-secrets)") { dir };
        command.SetAction((r, ct) =>
        {
            var root = context.FullPath(r.GetValue(dir)!);
            if (!Directory.Exists(root))
            {
                throw new SecretsKitException(ExitCodes.NoFileSpecified, $"directory {r.GetValue(dir)} does not exist");
            }
            foreach (var removed in DecManifest.Clean(root, context.Environment.Get("HELM_SECRETS_DEC_PREFIX"), context.Environment.Get("HELM_SECRETS_DEC_SUFFIX")))
            {
                context.Info($"removed {Path.GetRelativePath(context.Environment.CurrentDirectory, removed)}");
            }
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary><c>dir</c> (helm-secrets): prints the plugin directory, <c>HELM_PLUGIN_DIR</c>, else where secretskit is installed.</summary>
    public static Command Dir(CliContext context)
    {
        var command = new Command("dir", "print the plugin directory (helm-secrets)");
        command.SetAction(async (_, ct) =>
        {
            var dir = context.Environment.Get("HELM_PLUGIN_DIR") ?? Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
            await context.Stdout.WriteAsync(System.Text.Encoding.UTF8.GetBytes(dir + "\n"), ct);
            await context.Stdout.FlushAsync(ct);
            return 0;
        });
        return command;
    }

    public static Command View(CliContext context)
    {
        var files = new Argument<string[]>("file") { Arity = ArgumentArity.OneOrMore, Description = "encrypted files to print decrypted" };
        var formats = new FormatFlags();
        var decrypt = new DecryptFlags();
        var command = new Command("view", "print decrypted files (helm-secrets)") { files };
        formats.AddTo(command, output: false);
        decrypt.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            var io = new FileFormats(context, r, formats);
            foreach (var path in r.GetValue(files)!)
            {
                var plain = await DecryptToBytesAsync(context, io, decrypt.Read(r, context), path, ct);
                await context.Stdout.WriteAsync(plain, ct);
            }
            await context.Stdout.FlushAsync(ct);
            return 0;
        });
        return command;
    }

    private static async Task<byte[]> DecryptToBytesAsync(CliContext context, FileFormats io, DecryptOptions options, string path, CancellationToken ct)
    {
        var bytes = await InputFile.ReadAsync(path, context, ct);
        var format = io.Input(path);
        var decrypted = await SopsFiles.DecryptAsync(context, bytes, path, format, options, ct);
        return format.EmitPlain(decrypted.Plain);
    }
}
