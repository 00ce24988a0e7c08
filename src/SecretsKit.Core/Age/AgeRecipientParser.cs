namespace SecretsKit.Core.Age;

/// <summary>
/// Parses a recipient string as sops accepts it: <c>age1…</c>, <c>ssh-ed25519 …</c>, <c>ssh-rsa …</c>, and plugin
/// recipients <c>age1NAME1…</c> (run through <c>age-plugin-NAME</c>).
/// </summary>
public static class AgeRecipientParser
{
    public const string PostQuantumMessage = "unsupported recipient type (post-quantum ML-KEM, age1pq1…)";

    public static IAgeRecipient Parse(string text)
    {
        var t = text.Trim();
        if (t.StartsWith("ssh-ed25519 ", StringComparison.Ordinal)) return SshEd25519Recipient.Parse(t);
        if (t.StartsWith("ssh-rsa ", StringComparison.Ordinal)) return SshRsaRecipient.Parse(t);
        if (t.StartsWith("age1pq1", StringComparison.Ordinal)) throw new AgeException(PostQuantumMessage);
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
            throw new AgeException($"malformed age recipient '{t}': {e.Message}", inner: e);
        }
        return hrp == X25519Recipient.Hrp ? X25519Recipient.Parse(t) : AgePluginRecipient.Create(t, hrp);
    }
}
