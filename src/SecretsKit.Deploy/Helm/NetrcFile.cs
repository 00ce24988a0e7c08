namespace SecretsKit.Deploy.Helm;

/// <summary>
/// Reads a <c>.netrc</c> file as curl does: whitespace-separated tokens, <c>machine NAME</c> entries with
/// <c>login</c> and <c>password</c>, a <c>default</c> entry for any other host, <c>macdef</c> bodies skipped.
/// </summary>
public static class NetrcFile
{
    /// <summary><c>login:password</c> for <paramref name="host"/>, or null when no entry matches.</summary>
    public static string? Lookup(string content, string host)
    {
        var tokens = WithoutMacros(content).Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        string? login = null, password = null;
        bool inEntry = false, matched = false;
        for (var i = 0; i < tokens.Length; i++)
        {
            switch (tokens[i])
            {
                case "machine" or "default":
                    if (matched) return Result(login, password);
                    matched = tokens[i] == "default" || (i + 1 < tokens.Length && string.Equals(tokens[i + 1], host, StringComparison.OrdinalIgnoreCase));
                    if (tokens[i] == "machine") i++;
                    inEntry = true;
                    login = password = null;
                    break;
                case "login" when inEntry && i + 1 < tokens.Length:
                    login = tokens[++i];
                    break;
                case "password" when inEntry && i + 1 < tokens.Length:
                    password = tokens[++i];
                    break;
            }
        }
        return matched ? Result(login, password) : null;
    }

    /// <summary>The content without <c>macdef</c> definitions (each runs to the next empty line).</summary>
    private static string WithoutMacros(string content)
    {
        var kept = new List<string>();
        var inMacro = false;
        foreach (var line in content.ReplaceLineEndings("\n").Split('\n'))
        {
            if (inMacro)
            {
                inMacro = line.Trim().Length > 0;
                continue;
            }
            var macro = line.IndexOf("macdef", StringComparison.Ordinal);
            if (macro >= 0)
            {
                kept.Add(line[..macro]);
                inMacro = true;
                continue;
            }
            kept.Add(line);
        }
        return string.Join('\n', kept);
    }

    private static string? Result(string? login, string? password) => login is null ? null : $"{login}:{password}";
}
