namespace SecretsKit.Cli.CommandLine;

/// <summary>
/// Translates sops's legacy form (<c>sops -d file</c>, <c>-e</c>, <c>-r</c>, <c>--set '["k"] v'</c>, or just
/// <c>sops file</c> to edit) into the subcommand form, so existing scripts keep working.
/// </summary>
internal static class LegacyArguments
{
    private static readonly Dictionary<string, string> Modes = new(StringComparer.Ordinal)
    {
        ["-e"] = "encrypt", ["--encrypt"] = "encrypt",
        ["-d"] = "decrypt", ["--decrypt"] = "decrypt",
        ["-r"] = "rotate", ["--rotate"] = "rotate",
    };

    private static readonly HashSet<string> RootOnly = new(StringComparer.Ordinal) { "--help", "-h", "-?", "--version" };

    /// <summary>
    /// The translated arguments, or <paramref name="args"/> unchanged when they already name a subcommand. <c>help [COMMAND]</c>
    /// is <c>[COMMAND] --help</c>, and a lone <c>-v</c> is <c>--version</c> (sops's urfave/cli spelling).
    /// </summary>
    public static string[] Translate(string[] args, IReadOnlyCollection<string> subcommands)
    {
        if (args is ["-v"]) return new[] { "--version" };
        if (args.Length > 0 && args[0] == "help") return args.Skip(1).Append("--help").ToArray();
        if (args.Length == 0 || args.Any(RootOnly.Contains) || args[0].StartsWith('[')) return args;
        if (args.Any(a => subcommands.Contains(a) && !a.StartsWith('-'))) return args;

        var rest = args.ToList();
        var setAt = rest.IndexOf("--set");
        if (setAt >= 0 && setAt + 1 < rest.Count)
        {
            // --set '["key"] value': the path and the JSON value travel as one argument.
            var spec = rest[setAt + 1].Trim();
            rest.RemoveRange(setAt, 2);
            // sops's legacy -i/--in-place is a global flag, and --set always writes the file in place (cmd/sops/main.go:
            // `if c.Bool("in-place") || isEditMode || isSetMode`), so it changes nothing here; `set` has no such flag
            rest.RemoveAll(a => a is "-i" or "--in-place");
            var space = spec.IndexOf("] ", StringComparison.Ordinal);
            var path = space < 0 ? spec : spec[..(space + 1)];
            var value = space < 0 ? "" : spec[(space + 2)..];
            var file = rest[^1];
            rest.RemoveAt(rest.Count - 1);
            return ["set", .. rest, file, path, value];
        }
        var mode = rest.FirstOrDefault(Modes.ContainsKey);
        if (mode is not null)
        {
            rest.Remove(mode);
            return new[] { Modes[mode] }.Concat(rest).ToArray();
        }
        // No mode flag: sops edits the file. A first word that is not a flag is a mistyped command, not a file.
        var looksLegacy = args.Length == 1 || args[0].StartsWith('-');
        return looksLegacy && !args[^1].StartsWith('-') ? ["edit", .. args] : args;
    }
}
