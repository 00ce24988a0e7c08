using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cli.CommandLine;

/// <summary>
/// A command line that does not parse gets one line on stderr naming what is wrong (an unknown flag by name) and a
/// <c>hint:</c> to the command's <c>--help</c>, exit 1; not the whole help on stdout. A flag-looking word that the parser
/// would take as a file name (<c>decrypt -v</c>, <c>decrypt --bogus f</c>) counts as an unknown flag.
/// </summary>
internal static class ParseErrors
{
    /// <summary>The exit code after reporting, or null when the command line is fine.</summary>
    public static int? Report(ParseResult parse, CliContext context)
    {
        var command = parse.CommandResult.Command;
        var flag = UnknownFlag(parse, command);
        string message;
        if (flag is not null)
        {
            message = $"unknown flag {flag}" + (command.Parents.Any() ? $" for '{command.Name}'" : "");
        }
        else if (parse.Action is ParseErrorAction && parse.Errors.Count > 0)
        {
            // An unrecognized word says more than the "Required command was not provided" that comes with it. System.CommandLine's
            // ParseError has no kind (only Message and SymbolResult), so the word is taken from the tokens the parser left
            // unmatched: a command that treats them as errors reports each as "Unrecognized command or argument 'x'".
            var unrecognized = command.TreatUnmatchedTokensAsErrors && parse.UnmatchedTokens.Count > 0 ? parse.UnmatchedTokens[0] : null;
            message = unrecognized is not null ? $"unknown command or argument '{unrecognized}'" : parse.Errors[0].Message.TrimEnd('.');
        }
        else
        {
            return null;
        }
        if (context.HelmSecretsVoice)
        {
            // what sops (urfave/cli over Go's flag package) says; helm-secrets users see sops's own words
            context.Stderr.WriteLine(flag is not null ? $"Incorrect Usage: flag provided but not defined: -{flag.TrimStart('-')}" : $"[helm-secrets] {message}");
            return ExitCodes.Generic;
        }
        context.Stderr.WriteLine($"secretskit: error: {message}");
        var help = command.Parents.Any() ? $"secretskit {Path(command)} --help" : "secretskit --help";
        context.Stderr.WriteLine(flag is "-v" or "-V"
            ? "secretskit: hint: for the version run 'secretskit --version'"
            : $"secretskit: hint: run '{help}' for the usage");
        return ExitCodes.Generic;
    }

    private static string? UnknownFlag(ParseResult parse, Command command)
    {
        // A command that passes its words on (helm) owns every flag it is given.
        if (!command.TreatUnmatchedTokensAsErrors) return null;
        var unmatched = parse.UnmatchedTokens.FirstOrDefault(LooksLikeFlag);
        if (unmatched is not null) return unmatched;
        // An action that clears errors (--help, --version) wins over a stray word.
        if (parse.Action is not null && parse.Action != command.Action && parse.Action is not ParseErrorAction) return null;
        foreach (var token in parse.Tokens)
        {
            if (token.Type == TokenType.DoubleDash) return null;
            if (token.Type == TokenType.Argument && LooksLikeFlag(token.Value)) return token.Value;
        }
        return null;
    }

    /// <summary><c>-x</c>, <c>--xyz</c>: not <c>-</c> (stdin) and not a negative number.</summary>
    private static bool LooksLikeFlag(string token) =>
        token.Length > 1 && token[0] == '-' && (char.IsLetter(token[1]) || (token[1] == '-' && token.Length > 2));

    private static string Path(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c && c.Parents.Any(); s = c.Parents.FirstOrDefault()) names.Insert(0, c.Name);
        return string.Join(' ', names);
    }
}
