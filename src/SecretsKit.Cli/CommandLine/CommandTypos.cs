using SecretsKit.Core.Errors;

namespace SecretsKit.Cli.CommandLine;

/// <summary>
/// A first word that is not a command, has no extension and names no existing file is an unknown command, not sops's
/// <c>secretskit FILE</c> edit of a new file: <c>unknown command 'decrpyt' — did you mean 'decrypt'?</c> when it is a few
/// keystrokes from one, as git and kubectl say, else the same without a suggestion.
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
        var full = Path.GetFullPath(word, currentDirectory);
        if (File.Exists(full) || Directory.Exists(full)) return null;
        // a bare word (no extension) that names no file is a command users of helm or kubectl typed (`doctor`), not
        // sops's edit of a new file: `secretskit new.yaml` still edits one
        var best = EditDistance.Closest(word, commands, maxEdits: word.Length <= 4 ? 1 : 2);
        if (best is not null) return $"unknown command '{word}' — did you mean '{best}'?";
        return args.Length == 1 ? $"unknown command '{word}' (to edit a new file, give its name an extension, e.g. '{word}.yaml')" : $"unknown command '{word}'";
    }
}
