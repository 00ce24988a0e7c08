using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace SecretsKit.Cli;

/// <summary>
/// The root command. System.CommandLine's <see cref="RootCommand"/> constructor creates its help and version options
/// with descriptions read through the library's ResourceManager, and that first resource lookup (assembly and
/// attribute reflection) was 8% of a native cold decrypt. A plain <see cref="Command"/> with the same two options
/// (names, aliases, wording, recursion, clearing parse errors) costs nothing at start-up; <see cref="CliApp"/> prints
/// the help that a parse error would have shown. Directives exist only on a <see cref="RootCommand"/>, so arguments
/// holding one (e.g. <c>[suggest:N]</c> for shell completion) get that.
/// </summary>
internal static class CliRoot
{
    /// <summary>The root command with the <paramref name="global"/> options (then help and version, as help lists them).</summary>
    public static Command Create(string description, bool directives, params Option[] global)
    {
        var root = directives ? new RootCommand(description) : new Command("secretskit", description);
        foreach (var option in global) root.Options.Add(option);
        if (directives) return root;
        root.Options.Add(new Option<bool>("--help", "-h", "/h", "-?", "/?")
        {
            Description = "Show help and usage information",
            Arity = ArgumentArity.Zero,
            Recursive = true,
            Action = new HelpAction(),
        });
        root.Options.Add(new Option<bool>("--version")
        {
            Description = "Show version information",
            Arity = ArgumentArity.Zero,
            Action = new VersionAction(),
        });
        return root;
    }

    /// <summary>Prints the informational version (<c>0.1.0+commit</c>), like the version option of a RootCommand.</summary>
    private sealed class VersionAction : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(CliApp.Version);
            return 0;
        }
    }
}
