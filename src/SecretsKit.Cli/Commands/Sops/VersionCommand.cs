using System.CommandLine;
using System.Reflection;
using System.Text;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Processes;

namespace SecretsKit.Cli.Commands.Sops;

/// <summary>
/// <c>version</c> (as helm, helmfile, kubectl and sops have it) and <c>--version</c>: one line naming the program and
/// its version, <c>secretskit 0.1.0+abc1234</c>. Started as <c>sops</c> (a <c>sops</c> symlink, see
/// <see cref="InvokedName"/>), the line is sops's own, <c>sops 3.13.2</c>, naming the sops version whose files and flags
/// SecretsKit matches, so scripts that read sops's version (<c>^sops (\d+)\.(\d+)\.(\d+)</c>) pick the features they
/// use by it; SecretsKit's own version follows in parentheses. No update check is made (sops makes one unless
/// <c>--disable-version-check</c>).
/// </summary>
internal static class VersionCommand
{
    /// <summary>SecretsKit's version (the assembly's informational version, e.g. <c>0.1.0+abc1234</c>).</summary>
    public static string Current =>
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static string Line => LineFor(InvokedName.IsSops);

    public static string LineFor(bool asSops) =>
        asSops ? $"sops {Core.Metadata.SopsVersion.Current} (secretskit {Current})\n" : $"secretskit {Current}\n";

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
