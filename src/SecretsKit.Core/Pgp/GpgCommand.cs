using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;

namespace SecretsKit.Core.Pgp;

/// <summary>
/// Runs the <c>gpg</c> binary (<c>SOPS_GPG_EXEC</c> or <c>gpg</c>) with <c>GNUPGHOME</c> in the child's environment,
/// all taken from the <see cref="KeySourceContext"/>, never from the process environment directly.
/// </summary>
internal sealed class GpgCommand(KeySourceContext context)
{
    public const string ExecVariable = "SOPS_GPG_EXEC";
    public const string HomeVariable = "GNUPGHOME";

    /// <summary>The binary that is run: <c>SOPS_GPG_EXEC</c> when set, else <c>gpg</c> from PATH.</summary>
    public string Executable => context.Environment.Get(ExecVariable) ?? "gpg";

    /// <summary>The GnuPG home: <c>GNUPGHOME</c> when set, else <c>~/.gnupg</c>.</summary>
    public string Home =>
        context.Environment.Get(HomeVariable) ?? Path.Combine(context.Environment.HomeDirectory, ".gnupg");

    public async Task<GpgOutcome> RunAsync(IReadOnlyList<string> arguments, byte[] input, CancellationToken cancellationToken)
    {
        var executable = Executable;
        if (LooksLikePath(executable))
        {
            executable = Path.GetFullPath(executable, context.Environment.CurrentDirectory);
            if (!File.Exists(executable)) return GpgOutcome.NotFound(executable);
        }

        var environment = new Dictionary<string, string>(context.Environment.Variables, StringComparer.Ordinal)
        {
            [HomeVariable] = Home,
        };
        if (!environment.ContainsKey("HOME"))
        {
            environment["HOME"] = context.Environment.HomeDirectory;
        }

        var result = await context.Processes.RunAsync(
            new ProcessSpec(executable, arguments, input, environment), cancellationToken);
        // 127: the runner (or a shell) could not start the program at all.
        return result.ExitCode == 127
            ? GpgOutcome.NotFound(executable)
            : new GpgOutcome(result.ExitCode, result.StandardOutput, result.StandardError, Found: true, executable);
    }

    private static bool LooksLikePath(string executable) =>
        executable.Contains('/', StringComparison.Ordinal) || executable.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
