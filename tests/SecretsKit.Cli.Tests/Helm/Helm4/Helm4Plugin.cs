namespace SecretsKit.Cli.Tests.Helm.Helm4;

/// <summary>One platform entry of a Helm 4 subprocess plugin (<c>runtimeConfig.platformCommand[]</c>).</summary>
internal sealed record Helm4PlatformCommand(string Os, string Arch, string Command, IReadOnlyList<string> Args);

/// <summary>One <c>runtimeConfig.protocolCommands[]</c> entry of a getter: the schemes it serves and its commands.</summary>
internal sealed record Helm4ProtocolCommand(IReadOnlyList<string> Protocols, IReadOnlyList<Helm4PlatformCommand> PlatformCommand);

/// <summary>
/// A plugin as Helm 4.2 holds it after loading (internal/plugin/metadata.go <c>Metadata</c>): a v1 manifest as written,
/// a legacy (Helm 3) manifest converted (<c>fromMetadataLegacy</c>: with <c>downloaders</c> it is a getter only).
/// </summary>
internal sealed record Helm4Plugin(
    string Directory,
    string ApiVersion,
    string Name,
    string Type,
    string Version,
    IReadOnlyList<string> Protocols,
    string? Usage,
    IReadOnlyList<Helm4PlatformCommand> PlatformCommand,
    IReadOnlyList<Helm4ProtocolCommand> ProtocolCommands)
{
    /// <summary>The sub-command a cli/v1 plugin adds: the first word of <c>config.usage</c>, else its name (pkg/cmd/load_plugins.go).</summary>
    public string CommandName => string.IsNullOrWhiteSpace(Usage) ? Name : Usage.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
}

/// <summary>A manifest Helm 4.2 refuses to load; the message names the rule and the Helm source file it comes from.</summary>
internal sealed class Helm4LoadException(string message) : Exception(message);
