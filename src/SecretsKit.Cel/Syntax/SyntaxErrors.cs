namespace SecretsKit.Cel.Syntax;

/// <summary>Builds syntax errors that name the line and column of the offending position.</summary>
internal static class SyntaxErrors
{
    public static CelSyntaxException At(string source, int position, string message, bool limit = false)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < position && i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
                column++;
        }
        return new CelSyntaxException($"ERROR: <input>:{line}:{column}: {message}") { IsLimit = limit };
    }
}
