using System.CommandLine;
using System.Text;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Flags;
using SecretsKit.Cli.IO;
using SecretsKit.Core.Operations;

namespace SecretsKit.Cli.Commands.Sops;

/// <summary><c>filestatus file</c>: prints <c>{"encrypted":true|false}</c> — true when metadata loads with a version and a MAC.</summary>
internal static class FileStatusCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file");
        var formats = new FormatFlags();
        var command = new Command("filestatus", "tell whether a file is encrypted") { file };
        formats.AddTo(command, output: false);
        command.SetAction(async (r, ct) =>
        {
            var path = r.GetValue(file)!;
            var bytes = await InputFile.ReadAsync(path, context, ct);
            var io = new FileFormats(context, r, formats);
            var encrypted = SopsFileStatus.IsEncrypted(bytes, io.Input(path));
            await context.Stdout.WriteAsync(Encoding.UTF8.GetBytes($"{{\"encrypted\":{(encrypted ? "true" : "false")}}}\n"), ct);
            return 0;
        });
        return command;
    }
}
