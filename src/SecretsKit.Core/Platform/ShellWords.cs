using SecretsKit.Core.Errors;
using System.Text;

namespace SecretsKit.Core.Platform;

/// <summary>
/// Splits a command line into words like a POSIX shell would (quotes and backslashes), without running a shell:
/// how sops splits <c>SOPS_AGE_KEY_CMD</c>. No variable expansion, globbing or operators. <see cref="Quote"/> is the
/// other way: one word as a shell line to copy must spell it.
/// </summary>
public static class ShellWords
{
    /// <summary><paramref name="word"/> as it is when the shell would read it back unchanged, else in single quotes.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or '+' or '=' or ':' or '@' or ',' or '%')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static IReadOnlyList<string> Split(string command)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(current.ToString());
                current.Clear();
                inWord = false;
                continue;
            }
            if (c == '#' && !inWord) break;
            inWord = true;
            switch (c)
            {
                case '\\':
                    if (++i >= command.Length) throw new SecretsKitException(ExitCodes.Generic, "command ends with a lone backslash");
                    if (command[i] != '\n') current.Append(command[i]);
                    break;
                case '\'':
                {
                    var end = command.IndexOf('\'', i + 1);
                    if (end < 0) throw new SecretsKitException(ExitCodes.Generic, "command has an unclosed single quote");
                    current.Append(command, i + 1, end - i - 1);
                    i = end;
                    break;
                }
                case '"':
                    for (i++; ; i++)
                    {
                        if (i >= command.Length) throw new SecretsKitException(ExitCodes.Generic, "command has an unclosed double quote");
                        if (command[i] == '"') break;
                        if (command[i] == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\' or '$' or '`' or '\n')
                        {
                            i++;
                            if (command[i] != '\n') current.Append(command[i]);
                            continue;
                        }
                        current.Append(command[i]);
                    }
                    break;
                default:
                    current.Append(c);
                    break;
            }
        }
        if (inWord) words.Add(current.ToString());
        return words;
    }
}
