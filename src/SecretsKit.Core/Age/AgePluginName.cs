namespace SecretsKit.Core.Age;

/// <summary>
/// The plugin a recipient or identity belongs to, from its Bech32 prefix: recipient <c>age1NAME1…</c> (HRP
/// <c>age1NAME</c>), identity <c>AGE-PLUGIN-NAME-1…</c> (HRP <c>AGE-PLUGIN-NAME-</c>); run as <c>age-plugin-NAME</c>.
/// </summary>
internal static class AgePluginName
{
    public const string IdentityPrefix = "AGE-PLUGIN-";

    public static string Binary(string name) => "age-plugin-" + name;

    /// <summary>The plugin name of a recipient whose Bech32 HRP is <paramref name="hrp"/> (<c>age1NAME</c>).</summary>
    public static string FromRecipientHrp(string hrp) => Checked(hrp["age1".Length..].ToLowerInvariant(), "recipient");

    /// <summary>The plugin name of an <c>AGE-PLUGIN-NAME-1…</c> identity (validated as Bech32; the text is never echoed).</summary>
    public static string FromIdentity(string identity)
    {
        var hrp = Bech32.Decode(identity).Hrp.ToUpperInvariant();
        if (!hrp.StartsWith(IdentityPrefix, StringComparison.Ordinal) || !hrp.EndsWith('-') || hrp.Length <= IdentityPrefix.Length + 1)
        {
            throw new AgeException("malformed age plugin identity (expected AGE-PLUGIN-NAME-1…)");
        }
        return Checked(hrp[IdentityPrefix.Length..^1].ToLowerInvariant(), "identity");
    }

    /// <summary>A name that is safe as part of a file name looked up on PATH.</summary>
    private static string Checked(string name, string what)
    {
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || name.StartsWith('.'))
        {
            throw new AgeException($"malformed age plugin {what}: invalid plugin name");
        }
        return name;
    }
}
