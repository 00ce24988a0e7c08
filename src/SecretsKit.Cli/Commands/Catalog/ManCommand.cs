using System.CommandLine;
using System.Text;
using SecretsKit.Cli.Commands.Sops;
using SecretsKit.Cli.Context;

namespace SecretsKit.Cli.Commands.Catalog;

/// <summary>
/// <c>man</c>: prints the manual page secretskit(1) in roff (<see cref="ManPage"/>), for any way the CLI was installed:
/// read it with <c>secretskit man | man -l -</c>, or install it with
/// <c>secretskit man &gt; ~/.local/share/man/man1/secretskit.1</c> for <c>man secretskit</c>.
/// </summary>
internal static class ManCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("man", "print the manual page (roff): secretskit man | man -l -");
        command.SetAction(async (_, ct) =>
        {
            var root = context.CommandLine.Build(context);
            var date = DateOnly.FromDateTime(context.Time.GetUtcNow().UtcDateTime);
            var page = ManPage.Write(root, VersionCommand.Current, date);
            await context.Stdout.WriteAsync(Encoding.UTF8.GetBytes(page), ct);
            await context.Stdout.FlushAsync(ct);
            return 0;
        });
        return command;
    }
}
