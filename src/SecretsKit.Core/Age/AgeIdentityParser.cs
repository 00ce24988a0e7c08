namespace SecretsKit.Core.Age;

/// <summary>
/// Parses age identity text (<c>keys.txt</c>, <c>SOPS_AGE_KEY</c>): <c>#</c> lines and blank lines ignored, several
/// whitespace-separated keys per line allowed (sops 3.13). Native X25519 keys, post-quantum hybrid keys
/// (<c>AGE-SECRET-KEY-PQ-1…</c>) and plugin identities (<c>AGE-PLUGIN-NAME-1…</c>, run through
/// <c>age-plugin-NAME</c>) are supported.
/// </summary>
public static class AgeIdentityParser
{
    /// <summary>
    /// Parses <paramref name="text"/>; <paramref name="source"/> names it in messages (never key content).
    /// </summary>
    public static IReadOnlyList<IAgeIdentity> Parse(string text, string source)
    {
        var identities = new List<IAgeIdentity>();
        var lineNumber = 0;
        string? publicKeyComment = null;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.StartsWith('#')) publicKeyComment = PublicKeyComment(line);
            if (line.Length == 0 || line.StartsWith('#')) continue;
            foreach (var field in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (field.StartsWith(AgePluginName.IdentityPrefix, StringComparison.Ordinal))
                {
                    identities.Add(ParsePlugin(field, source, lineNumber));
                    continue;
                }
                var hybrid = field.StartsWith(HybridIdentity.Prefix, StringComparison.Ordinal);
                if (!hybrid && !field.StartsWith("AGE-SECRET-KEY-1", StringComparison.Ordinal))
                {
                    throw new AgeException(
                        $"{source} line {lineNumber}: unknown identity type (expected AGE-SECRET-KEY-1… or AGE-SECRET-KEY-PQ-1…)");
                }
                try
                {
                    identities.Add(hybrid ? HybridIdentity.Parse(field) : X25519Identity.Parse(field, publicKeyComment));
                }
                catch (AgeException e)
                {
                    throw new AgeException($"{source} line {lineNumber}: malformed secret key: {e.Message}", inner: e);
                }
            }
            publicKeyComment = null;
        }
        return identities;
    }

    /// <summary>The <c>age1…</c> of a <c># public key: age1…</c> line as age-keygen writes it above its key, else null.</summary>
    private static string? PublicKeyComment(string line)
    {
        const string Prefix = "# public key: ";
        return line.StartsWith(Prefix, StringComparison.Ordinal) ? line[Prefix.Length..].Trim() : null;
    }

    private static IAgeIdentity ParsePlugin(string field, string source, int lineNumber)
    {
        try
        {
            return AgePluginIdentity.Parse(field);
        }
        catch (AgeException e)
        {
            throw new AgeException($"{source} line {lineNumber}: {e.Message}", inner: e);
        }
    }
}
