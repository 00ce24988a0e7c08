using System.CommandLine;
using SecretsKit.Cli.Context;

namespace SecretsKit.Cli.Flags;

/// <summary><c>--preserve-format</c>: keep a YAML file's own layout (indentation, quoting, flow lists, block scalars, comments).</summary>
internal static class PreserveFormatFlag
{
    public static Option<bool> Create(string? description = null) =>
        new("--preserve-format") { Description = description ?? "keep the YAML file's own layout: indentation, quoting, flow lists, block scalars and comments" };

    public static void WarnIfLost(CliContext context, bool preserved, string file)
    {
        if (!preserved)
        {
            context.Info($"{file}: the YAML layout could not be preserved (several documents, anchors/aliases/tags, reordered keys or changed comments); wrote the standard layout");
        }
    }
}
