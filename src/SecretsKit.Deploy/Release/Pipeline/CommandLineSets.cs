using SecretsKit.Core.Credentials;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Decryption;
using SecretsKit.Deploy.Refs;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// helmfile's <c>--set a=b[,c=d]</c> as <c>secretskit release</c> passes it on: unchanged to helm (helm's own parser
/// reads it, with its escapes, lists and indices), after each release's values. Its values never show: every one is
/// redacted in what helm says back, and one under a key named like a secret (<see cref="SecretKeys"/>) or holding a
/// credential shape is redacted in diffs and templates too. A <c>ref+…</c> reference is refused, since it would reach
/// helm's command line (a release's <c>set:</c> resolves one into a private values file).
/// </summary>
public static class CommandLineSets
{
    /// <summary>The <c>name=value</c> pairs of <c>--set</c> arguments, split as helm splits them (unescaped commas outside braces).</summary>
    public static IEnumerable<(string Name, string Value)> Pairs(IEnumerable<string> sets)
    {
        foreach (var set in sets)
        {
            foreach (var pair in Split(set))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0) yield return (pair[..eq], Unescape(pair[(eq + 1)..]));
            }
        }
    }

    /// <summary>Every value worth redacting (<see cref="SensitiveLeaves.Counts"/>).</summary>
    public static IEnumerable<string> Values(IEnumerable<string> sets) => Pairs(sets).Select(p => p.Value).Where(SensitiveLeaves.Counts);

    /// <summary>The values that are secret by their key's name or their shape: redacted everywhere, like decrypted values.</summary>
    public static IEnumerable<string> Secrets(IEnumerable<string> sets) =>
        Pairs(sets).Where(p => SecretKeys.IsSecretName(p.Name.Split('.')[^1]) || CredentialShapes.Find(p.Value) is not null)
            .Select(p => p.Value).Where(SensitiveLeaves.Counts);

    /// <summary>A reference in a <c>--set</c> value is refused, naming the key only.</summary>
    public static void RefuseReferences(IEnumerable<string> sets)
    {
        foreach (var (name, value) in Pairs(sets))
        {
            if (RefUri.IsRef(value))
            {
                throw new SecretsKitException(ExitCodes.Generic, $"--set {name}: a ref+ reference would reach helm's command line",
                    "put it under the release's set: (resolved into a private values file) or in a values file");
            }
        }
    }

    /// <summary>The value helm ends up with: a backslash keeps the next character literal.</summary>
    private static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal)) return value;
        var sb = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length) i++;
            sb.Append(value[i]);
        }
        return sb.ToString();
    }

    private static IEnumerable<string> Split(string set)
    {
        var start = 0;
        var depth = 0;
        for (var i = 0; i < set.Length; i++)
        {
            if (set[i] == '\\') i++;
            else if (set[i] == '{') depth++;
            else if (set[i] == '}' && depth > 0) depth--;
            else if (set[i] == ',' && depth == 0)
            {
                yield return set[start..i];
                start = i + 1;
            }
        }
        yield return set[start..];
    }
}
