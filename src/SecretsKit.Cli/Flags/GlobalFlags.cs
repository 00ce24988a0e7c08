using System.CommandLine;

namespace SecretsKit.Cli.Flags;

/// <summary>
/// Flags valid on every command: <c>--config</c>, <c>--indent</c>, <c>--verbose</c>, and sops's version-check flags
/// (accepted so scripts keep working; SecretsKit never asks the network for a newer version).
/// </summary>
internal static class GlobalFlags
{
    public static Option<string?> Config { get; } = new("--config") { Description = "path to the .sops.yaml to use (also SOPS_CONFIG)", Recursive = true };

    public static Option<int?> Indent { get; } = new("--indent") { Description = "indentation of YAML and JSON output", Recursive = true };

    public static Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "log steps to stderr like sops (config file and rule, keys used, 'Data key recovered successfully'); never values",
        Recursive = true,
    };

    /// <summary>
    /// The global flags a top-level command ignores, left out of its <c>--help</c> (still accepted, as sops accepts
    /// them anywhere): the commands that read no .sops.yaml and no key (<c>keygen</c>, <c>validate</c>, <c>completion</c>,
    /// <c>version</c>) show none of them; null when a command uses them all.
    /// </summary>
    public static IReadOnlyCollection<string>? UnusedBy(Command command) =>
        command.Parents.FirstOrDefault() is Command { Parents: var p } && !p.Any() && command.Name is "keygen" or "validate" or "completion" or "version" or "man"
            ? [Config.Name, Indent.Name, Verbose.Name, KeyServiceFlags.KeyService.Name, KeyServiceFlags.EnableLocal.Name]
            : null;

    public static Option<bool> DisableVersionCheck { get; } = new("--disable-version-check")
    {
        Description = "accepted for sops compatibility (SecretsKit never checks for updates)",
        Recursive = true,
        Hidden = true,
    };

    public static Option<bool> CheckForUpdates { get; } = new("--check-for-updates")
    {
        Description = "accepted for sops compatibility (SecretsKit never checks for updates)",
        Recursive = true,
        Hidden = true,
    };
}
