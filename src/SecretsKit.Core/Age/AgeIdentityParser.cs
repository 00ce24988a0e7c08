namespace SecretsKit.Core.Age;

/// <summary>
/// Parses age identity text (<c>keys.txt</c>, <c>SOPS_AGE_KEY</c>): <c>#</c> lines and blank lines ignored, several
/// whitespace-separated keys per line allowed (sops 3.13). Only native X25519 keys are supported here.
/// </summary>
public static class AgeIdentityParser
{
    public const string PostQuantumMessage = "unsupported identity type (post-quantum ML-KEM, AGE-SECRET-KEY-PQ-1…)";
    public const string PluginMessage = "unsupported identity type (age plugin, AGE-PLUGIN-…): age plugins are not supported";

    /// <summary>
    /// Parses <paramref name="text"/>; <paramref name="source"/> names it in messages (never key content).
    /// Unsupported key types throw unless <paramref name="unsupported"/> is given, which then collects one note each.
    /// </summary>
    public static IReadOnlyList<IAgeIdentity> Parse(string text, string source, ICollection<string>? unsupported = null)
    {
        var identities = new List<IAgeIdentity>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            foreach (var field in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                string? problem = null;
                if (field.StartsWith("AGE-PLUGIN-", StringComparison.Ordinal)) problem = PluginMessage;
                else if (field.StartsWith("AGE-SECRET-KEY-PQ-1", StringComparison.Ordinal)) problem = PostQuantumMessage;
                if (problem is not null)
                {
                    var note = $"{source} line {lineNumber}: {problem}";
                    if (unsupported is null) throw new AgeException(note);
                    unsupported.Add(note);
                    continue;
                }
                if (!field.StartsWith("AGE-SECRET-KEY-1", StringComparison.Ordinal))
                {
                    throw new AgeException($"{source} line {lineNumber}: unknown identity type (expected AGE-SECRET-KEY-1…)");
                }
                try
                {
                    identities.Add(X25519Identity.Parse(field));
                }
                catch (AgeException e)
                {
                    throw new AgeException($"{source} line {lineNumber}: malformed secret key: {e.Message}", inner: e);
                }
            }
        }
        return identities;
    }
}
