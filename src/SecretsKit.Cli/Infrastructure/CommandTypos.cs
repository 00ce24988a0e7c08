namespace SecretsKit.Cli.Infrastructure;

/// <summary>
/// A first word that is not a command but is a few keystrokes from one (<c>decrpyt</c>, <c>encrpyt</c>) and names no
/// existing file is a mistyped command: it gets <c>unknown command 'decrpyt' — did you mean 'decrypt'?</c>, as git and
/// kubectl say, instead of becoming sops's <c>secretskit FILE</c> edit of a new file or an unknown-flag error.
/// </summary>
internal static class CommandTypos
{
    /// <summary>The message for a mistyped command, or null when <paramref name="args"/> do not start with one.</summary>
    public static string? Find(string[] args, IReadOnlyCollection<string> commands, string currentDirectory)
    {
        if (args.Length == 0) return null;
        var word = args[0];
        if (word.Length < 2 || word.StartsWith('-') || word.StartsWith('[') || word.StartsWith('@') || word == "help" || commands.Contains(word)) return null;
        if (word.Contains('/', StringComparison.Ordinal) || word.Contains('.', StringComparison.Ordinal) || word.Contains('\\', StringComparison.Ordinal)) return null; // a path, not a verb
        var limit = word.Length <= 4 ? 1 : 2;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var command in commands)
        {
            var d = Distance(word.ToLowerInvariant(), command);
            if (d <= limit && d < bestDistance)
            {
                best = command;
                bestDistance = d;
            }
        }
        if (best is null) return null;
        var full = Path.GetFullPath(word, currentDirectory);
        return File.Exists(full) || Directory.Exists(full) ? null : $"unknown command '{word}' — did you mean '{best}'?";
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
