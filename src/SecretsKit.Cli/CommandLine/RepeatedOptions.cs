using System.CommandLine;

namespace SecretsKit.Cli.CommandLine;

/// <summary>
/// sops (urfave/cli) takes the last value of an option given twice; helm-secrets relies on it
/// (<c>sops --output-type yaml --decrypt --input-type yaml --output-type yaml F</c>). System.CommandLine rejects the
/// repeat, so before parsing the earlier occurrences of a single-valued option of the command being run are dropped.
/// Options that take lists (<c>--age a --age b</c>) and commands that pass their arguments on (<c>helm</c>) are untouched.
/// </summary>
internal static class RepeatedOptions
{
    public static string[] KeepLast(Command root, string[] args)
    {
        var options = SingleValued(root, args);
        if (options.Count == 0) return args;
        var lastAt = new Dictionary<Option, int>();
        var end = Array.IndexOf(args, "--") is var dd and >= 0 ? dd : args.Length;
        for (var i = 0; i < end; i++)
        {
            if (Find(options, args[i]) is { } option) lastAt[option] = i;
        }
        var kept = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            if (i < end && Find(options, args[i]) is { } option && lastAt[option] != i)
            {
                // drop this occurrence and, for "--name value", its value
                if (option.Arity.MinimumNumberOfValues == 1 && !args[i].Contains('=', StringComparison.Ordinal) && i + 1 < end) i++;
                continue;
            }
            kept.Add(args[i]);
        }
        return kept.ToArray();
    }

    /// <summary>The options of the command the arguments name (and the recursive ones above it), by name and alias.</summary>
    private static Dictionary<string, Option> SingleValued(Command root, string[] args)
    {
        var command = root;
        var path = new List<Command> { root };
        foreach (var arg in args)
        {
            if (arg == "--") break;
            var sub = command.Subcommands.FirstOrDefault(c => c.Name == arg || c.Aliases.Contains(arg));
            if (sub is null) continue;
            command = sub;
            path.Add(sub);
        }
        var result = new Dictionary<string, Option>(StringComparer.Ordinal);
        if (!command.TreatUnmatchedTokensAsErrors) return result;
        foreach (var c in path)
        {
            foreach (var option in c.Options.Where(o => (c == command || o.Recursive) && o.Arity.MaximumNumberOfValues <= 1 && o.Action is null))
            {
                result.TryAdd(option.Name, option);
                foreach (var alias in option.Aliases) result.TryAdd(alias, option);
            }
        }
        return result;
    }

    private static Option? Find(Dictionary<string, Option> options, string arg)
    {
        if (options.TryGetValue(arg, out var option)) return option;
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && options.TryGetValue(arg[..eq], out option) && option.Arity.MaximumNumberOfValues == 1 ? option : null;
    }
}
