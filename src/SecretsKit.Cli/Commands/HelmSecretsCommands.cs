using System.CommandLine;
using SecretsKit.Cli.Infrastructure;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Commands;

/// <summary>The helm-secrets verbs: <c>enc FILE</c> (in place), <c>dec FILE…</c> (writes FILE.dec), <c>view FILE…</c> (stdout).</summary>
internal static class HelmSecretsCommands
{
    /// <summary>helm-secrets' default suffix for decrypted files (<c>HELM_SECRETS_DEC_SUFFIX</c>).</summary>
    public static string DecSuffix(CliContext context) => context.Environment.Get("HELM_SECRETS_DEC_SUFFIX") ?? ".dec";

    public static Command Enc(CliContext context)
    {
        var files = new Argument<string[]>("file") { Arity = ArgumentArity.OneOrMore, Description = "plaintext values files, encrypted in place" };
        var formats = new FormatFlags();
        var keys = new KeyFlags(context.Registry);
        var rules = new CryptRuleFlags();
        var command = new Command("enc", "encrypt values files in place (helm-secrets)") { files };
        formats.AddTo(command);
        keys.AddTo(command);
        rules.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            var io = new FileFormats(context, r, formats);
            foreach (var path in r.GetValue(files)!)
            {
                var bytes = await InputFile.ReadAsync(path, context, ct);
                var result = await EncryptCommand.EncryptBytesAsync(context, r, io, keys, rules, path, bytes, ct);
                context.WriteFile(path, result);
                context.Info($"encrypted {path}");
            }
            return 0;
        });
        return command;
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
                    var target = context.FullPath(path + DecSuffix(context));
                    context.WriteFile(target, plain, AtomicFile.PrivateMode);
                    DecManifest.Record(target);
                    context.Info($"decrypted {path} to {path}{DecSuffix(context)}");
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

    /// <summary><c>clean DIR</c>: removes the <c>*.dec</c> files that <c>dec</c> wrote under DIR (listed in <see cref="DecManifest"/>).</summary>
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
            foreach (var removed in DecManifest.Clean(root, DecSuffix(context)))
            {
                context.Info($"removed {Path.GetRelativePath(context.Environment.CurrentDirectory, removed)}");
            }
            return Task.FromResult(0);
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
        var decrypted = await new SecretFileReader(context.Engine).DecryptAsync(bytes, path, format, options, ct);
        return format.EmitPlain(decrypted.Plain);
    }
}
