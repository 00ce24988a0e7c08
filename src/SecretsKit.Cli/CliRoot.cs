using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using SecretsKit.Cli.Flags;

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
            Action = new RootHelpAction(),
        });
        root.Options.Add(new Option<bool>("--version")
        {
            Description = "Show version information",
            Arity = ArgumentArity.Zero,
            Action = new VersionAction(),
        });
        return root;
    }

    /// <summary>Prints the version line (<see cref="Commands.Sops.VersionCommand.Line"/>), like the version option of a RootCommand.</summary>
    private sealed class VersionAction : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.Write(Commands.Sops.VersionCommand.Line);
            return 0;
        }
    }

    /// <summary>
    /// Help, where the root's list of commands shows optional arguments as optional (<c>decrypt [&lt;file&gt;]</c>), as each
    /// command's own usage line does; System.CommandLine lists them all as <c>&lt;file&gt;</c>. Other help is the library's.
    /// </summary>
    private sealed class RootHelpAction : SynchronousCommandLineAction
    {
        private static readonly string[] HelpArguments = ["--help"];

        [ThreadStatic]
        private static bool _capturing;

        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var root = parseResult.RootCommandResult.Command;
            var command = parseResult.CommandResult.Command;
            var unused = command == root ? null : GlobalFlags.UnusedBy(command);
            if (_capturing || (command != root && unused is null)) return new HelpAction().Invoke(parseResult);
            using var captured = new StringWriter();
            _capturing = true;
            try
            {
                root.Parse(command == root ? HelpArguments : [command.Name, "--help"]).Invoke(new InvocationConfiguration { Output = captured });
            }
            finally
            {
                _capturing = false;
            }
            var help = unused is null ? MarkOptionalArguments(captured.ToString(), root) : WithoutOptions(captured.ToString(), unused);
            parseResult.InvocationConfiguration.Output.Write(help);
            return 0;
        }
    }

    /// <summary>Help without the rows (and their wrapped description lines) of the named options.</summary>
    internal static string WithoutOptions(string help, IReadOnlyCollection<string> options)
    {
        var kept = new List<string>();
        var skipping = false;
        foreach (var line in help.Split('\n'))
        {
            var trimmed = line.TrimStart();
            var isRow = line.StartsWith("  -", StringComparison.Ordinal) || line.Length == 0 || !line.StartsWith(' ');
            if (isRow) skipping = options.Any(o => trimmed.StartsWith(o + " ", StringComparison.Ordinal) || trimmed == o);
            if (!skipping) kept.Add(line);
        }
        return string.Join('\n', kept);
    }

    /// <summary>Rewrites each command row of root help: <c>&lt;arg&gt;</c> of an optional argument becomes <c>[&lt;arg&gt;]</c>, columns kept.</summary>
    internal static string MarkOptionalArguments(string help, Command root)
    {
        var lines = help.Split('\n');
        foreach (var command in root.Subcommands)
        {
            var labels = command.Arguments.Where(a => a.Arity.MinimumNumberOfValues == 0 && !a.Hidden).Select(a => $"<{a.Name}>").ToList();
            if (labels.Count == 0) continue;
            var prefix = $"  {command.Name} ";
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].StartsWith(prefix, StringComparison.Ordinal)) continue;
                var row = lines[i];
                var added = 0;
                foreach (var label in labels.Where(l => row.Contains(l, StringComparison.Ordinal)))
                {
                    row = row.Replace(label, "[" + label + "]", StringComparison.Ordinal);
                    added += 2;
                }
                var gap = row.IndexOf("  ", prefix.Length, StringComparison.Ordinal);
                var spaces = 0;
                while (gap >= 0 && gap + spaces < row.Length && row[gap + spaces] == ' ') spaces++;
                lines[i] = gap < 0 ? row : row.Remove(gap, Math.Min(added, Math.Max(0, spaces - 2)));
            }
        }
        return string.Join('\n', lines);
    }
}
