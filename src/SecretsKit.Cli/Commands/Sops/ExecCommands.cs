using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Flags;
using SecretsKit.Cli.IO;
using SecretsKit.Cli.Processes;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Commands.Sops;

/// <summary>
/// <c>exec-env FILE CMD</c> (top-level values as environment variables) and <c>exec-file FILE CMD</c> (plaintext in a FIFO or
/// private file whose path replaces <c>{}</c>). Both run <c>/bin/sh -c CMD</c> and exit with the child's code; with
/// <c>--user NAME</c> (root only) the command runs as that user (<see cref="UnixUser"/>).
/// </summary>
internal static class ExecCommands
{
    public static Command ExecEnv(CliContext context)
    {
        var file = new Argument<string>("file");
        var cmd = new Argument<string>("command") { Description = "shell command run with the values in its environment" };
        var pristine = new Option<bool>("--pristine") { Description = "the command gets only the file's variables, no inherited environment" };
        var sameProcess = new Option<bool>("--same-process") { Description = "replace secretskit with the command (execve) instead of running a child" };
        var background = new Option<bool>("--background") { Description = "deprecated in sops; not supported", Hidden = true };
        var user = new Option<string?>("--user") { Description = "run the command as this user (needs root), with its HOME, USER and LOGNAME" };
        var formats = new FormatFlags();
        var decrypt = new DecryptFlags();
        var command = new Command("exec-env", "run a command with the decrypted values as environment variables") { file, cmd, pristine, sameProcess, background, user };
        formats.AddTo(command, output: false);
        decrypt.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            Unsupported(r.GetValue(background));
            var runAs = r.GetValue(user) is { } name ? UnixUser.Resolve(name) : null;
            var path = r.GetValue(file)!;
            var decrypted = await DecryptAsync(context, r, formats, decrypt, path, ct);
            var variables = ExecEnvironment.FromTree(decrypted.Plain, path);
            await context.Stdout.FlushAsync(ct);
            if (r.GetValue(sameProcess))
            {
                var environment = r.GetValue(pristine)
                    ? new Dictionary<string, string>(StringComparer.Ordinal)
                    : Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                        .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
                foreach (var (k, v) in runAs?.Variables.Concat(variables) ?? variables) environment[k] = v;
                runAs?.SwitchProcess();
                ProcessReplacer.Exec(r.GetValue(cmd)!, environment);
            }
            using var child = ShellChild.Start(r.GetValue(cmd)!, variables, r.GetValue(pristine), runAs);
            return await child.WaitAsync(ct);
        });
        return command;
    }

    public static Command ExecFile(CliContext context)
    {
        var file = new Argument<string>("file");
        var cmd = new Argument<string>("command") { Description = "shell command; {} is replaced by the path of the plaintext" };
        var noFifo = new Option<bool>("--no-fifo") { Description = "write a private (0600) regular file instead of a FIFO" };
        var fileName = new Option<string>("--filename") { Description = "name of the plaintext file in the temp directory", DefaultValueFactory = _ => "tmp-file" };
        var background = new Option<bool>("--background") { Description = "deprecated in sops; not supported", Hidden = true };
        var user = new Option<string?>("--user") { Description = "run the command as this user (needs root), with its HOME, USER and LOGNAME" };
        var formats = new FormatFlags();
        var decrypt = new DecryptFlags();
        var command = new Command("exec-file", "run a command with the decrypted file available at {}") { file, cmd, noFifo, fileName, background, user };
        formats.AddTo(command);
        decrypt.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            Unsupported(r.GetValue(background));
            var runAs = r.GetValue(user) is { } userName ? UnixUser.Resolve(userName) : null;
            var name = r.GetValue(fileName)!;
            if (name.Length == 0 || name != Path.GetFileName(name) || name is "." or "..")
            {
                throw new SecretsKitException(ExitCodes.Generic, $"--filename '{name}' must be a plain file name (no directories)");
            }
            var path = r.GetValue(file)!;
            var io = new FileFormats(context, r, formats);
            var decrypted = await DecryptAsync(context, r, formats, decrypt, path, ct);
            var plaintext = io.Output(path, io.Input(path).Name).EmitPlain(decrypted.Plain);

            using var temp = PrivateTempDirectory.Create();
            var target = Path.Combine(temp.Path, name);
            if (r.GetValue(noFifo)) temp.WriteFile(name, plaintext);
            else Fifo.Create(target);
            runAs?.Own(temp.Path);
            runAs?.Own(target);
            await context.Stdout.FlushAsync(ct);
            using var child = ShellChild.Start(r.GetValue(cmd)!.Replace("{}", target, StringComparison.Ordinal), [], pristine: false, runAs);
            var feeding = r.GetValue(noFifo) ? Task.CompletedTask : Fifo.FeedAsync(target, plaintext, child.Exited);
            var code = await child.WaitAsync(ct);
            await feeding;
            return code;
        });
        return command;
    }

    private static async Task<DecryptedFile> DecryptAsync(CliContext context, ParseResult r, FormatFlags formats, DecryptFlags decrypt, string path, CancellationToken ct)
    {
        var io = new FileFormats(context, r, formats);
        var bytes = await InputFile.ReadAsync(path, context, ct);
        return await SopsFiles.DecryptAsync(context, bytes, io.DisplayName(path), io.Input(path), decrypt.Read(r, context), ct);
    }

    private static void Unsupported(bool background)
    {
        if (background)
        {
            throw new SecretsKitException(ExitCodes.Generic, "--background is not supported (deprecated in sops)", "use the shell: 'cmd &'");
        }
    }
}
