namespace SecretsKit.Core.Age;

/// <summary>
/// Parses a recipient string as sops accepts it: <c>age1…</c> (X25519), <c>age1pq1…</c> (post-quantum hybrid),
/// <c>age1tag1…</c> / <c>age1tagpq1…</c> (tag recipients), <c>ssh-ed25519 …</c>, <c>ssh-rsa …</c>, and plugin
/// recipients <c>age1NAME1…</c> (run through <c>age-plugin-NAME</c>).
/// </summary>
public static class AgeRecipientParser
{
    public static IAgeRecipient Parse(string text)
    {
        var t = text.Trim();
        if (t.StartsWith("ssh-ed25519 ", StringComparison.Ordinal)) return SshEd25519Recipient.Parse(t);
        if (t.StartsWith("ssh-rsa ", StringComparison.Ordinal)) return SshRsaRecipient.Parse(t);
        if (!t.StartsWith("age1", StringComparison.Ordinal))
        {
            throw new AgeException("unknown age recipient type (expected age1…, ssh-ed25519 … or ssh-rsa …)");
        }
        string hrp;
        try
        {
            hrp = Bech32.Decode(t).Hrp;
        }
        catch (AgeException e)
        {
            throw new AgeException($"malformed age recipient '{Shorten(t)}': {e.Message}", inner: e);
        }
        try
        {
            return hrp switch
            {
                X25519Recipient.Hrp => X25519Recipient.Parse(t),
                HybridRecipient.Hrp => HybridRecipient.Parse(t),
                TagRecipient.ClassicHrp or TagRecipient.HybridHrp => TagRecipient.Parse(t),
                _ => AgePluginRecipient.Create(t, hrp),
            };
        }
        catch (AgeException e) when (hrp != X25519Recipient.Hrp)
        {
            throw new AgeException($"malformed age recipient '{Shorten(t)}': {e.Message}", inner: e);
        }
    }

    /// <summary>A post-quantum recipient is about 1,960 characters: messages show its start and end only.</summary>
    internal static string Shorten(string recipient) =>
        recipient.Length <= 80 ? recipient : $"{recipient[..40]}…{recipient[^12..]}";
}
