using System.CommandLine;

namespace SecretsKit.Cli.Infrastructure;

/// <summary>Flags valid on every command: <c>--config</c>, <c>--indent</c>, <c>--verbose</c>.</summary>
internal static class GlobalFlags
{
    public static Option<string?> Config { get; } = new("--config") { Description = "path to the .sops.yaml to use (also SOPS_CONFIG)", Recursive = true };

    public static Option<int?> Indent { get; } = new("--indent") { Description = "indentation of YAML and JSON output", Recursive = true };

    public static Option<bool> Verbose { get; } = new("--verbose") { Description = "say which config file and rule were used", Recursive = true };
}
