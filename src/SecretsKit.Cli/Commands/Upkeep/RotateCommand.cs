using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Flags;
using SecretsKit.Cli.IO;
using SecretsKit.Cli.Rules;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Commands.Upkeep;

/// <summary>
/// <c>rotate FILE</c>: new data key, every value re-encrypted, rewrapped to the file's keys with <c>--add-*</c>/<c>--rm-*</c>
/// applied. Like sops it does not read keys from <c>.sops.yaml</c>. <c>-r DIR</c> rotates every matching SOPS file in place.
/// </summary>
internal static class RotateCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string?>("file") { Arity = ArgumentArity.ZeroOrOne, Description = "encrypted file (or a directory with -r)" };
        var inPlace = new Option<bool>("--in-place", "-i") { Description = "write the result back to the file" };
        var output = new Option<string?>("--output") { Description = "write the result to this file" };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "rotate every SOPS file under the directory that a creation rule matches (in place)" };
        var formats = new FormatFlags();
        var decrypt = new DecryptFlags();
        var add = new KeyFlags(context.Registry, "add-");
        var rm = new KeyFlags(context.Registry, "rm-");
        var command = new Command("rotate", "generate a new data key and re-encrypt the file") { file, inPlace, output, recursive };
        formats.AddTo(command);
        decrypt.AddTo(command);
        add.AddTo(command, withThreshold: false);
        rm.AddTo(command, withThreshold: false, withContext: false);
        command.SetAction(async (r, ct) =>
        {
            var path = r.GetValue(file);
            OutputTarget.CheckExclusive(r.GetValue(inPlace), r.GetValue(output));
            var options = decrypt.Read(r, context);
            var adds = add.Read(r, context);
            var removes = rm.Read(r, context);
            var io = new FileFormats(context, r, formats);
            if (r.GetValue(recursive))
            {
                if (path is null) throw new SecretsKitException(ExitCodes.NoFileSpecified, "rotate -r needs a directory");
                var files = RepoRun.Candidates(context, r.GetValue(GlobalFlags.Config), path);
                return await RepoRun.RunAsync(context, "rotate", files, async (f, t) =>
                {
                    var format = io.Input(f);
                    var bytes = await File.ReadAllBytesAsync(f, t);
                    var decrypted = await SopsFiles.DecryptAsync(context, bytes, f, format, options, t);
                    var rotated = await new Rotator(context.Engine).RotateAsync(decrypted, adds, removes, t);
                    context.WriteFile(f, rotated.Emit(format));
                    return RepoFileOutcome.Updated;
                }, ct);
            }

            var input = await InputFile.ReadAsync(path, context, ct);
            var inputFormat = io.Input(path);
            var decryptedFile = await SopsFiles.DecryptAsync(context, input, io.DisplayName(path), inputFormat, options, ct);
            var result = await new Rotator(context.Engine).RotateAsync(decryptedFile, adds, removes, ct);
            var outFormat = io.Output(path, inputFormat.Name);
            await OutputTarget.WriteAsync(result.Emit(outFormat), path, r.GetValue(inPlace), r.GetValue(output), plaintext: false, context, ct);
            return 0;
        });
        return command;
    }
}
