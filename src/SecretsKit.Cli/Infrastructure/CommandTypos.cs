using SecretsKit.Core.Errors;

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
        var best = EditDistance.Closest(word, commands, maxEdits: word.Length <= 4 ? 1 : 2);
        if (best is null) return null;
        var full = Path.GetFullPath(word, currentDirectory);
        return File.Exists(full) || Directory.Exists(full) ? null : $"unknown command '{word}' — did you mean '{best}'?";
    }
}
