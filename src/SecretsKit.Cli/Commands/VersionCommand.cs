using System.CommandLine;
using System.Text;
using SecretsKit.Cli.Infrastructure;

namespace SecretsKit.Cli.Commands;

/// <summary>
/// <c>version</c> (as helm, helmfile, kubectl and sops have it) and <c>--version</c>: one line naming the program and
/// its version, <c>secretskit 0.1.0+abc1234</c>.
/// </summary>
internal static class VersionCommand
{
    public static string Line => $"secretskit {CliApp.Version}\n";

    public static Command Create(CliContext context)
    {
        var command = new Command("version", "print the version");
        command.SetAction((_, ct) => WriteAsync(context, ct));
        return command;
    }

    public static async Task<int> WriteAsync(CliContext context, CancellationToken ct)
    {
        await context.Stdout.WriteAsync(Encoding.UTF8.GetBytes(Line), ct);
        await context.Stdout.FlushAsync(ct);
        return 0;
    }
}
