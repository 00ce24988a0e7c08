namespace SecretsKit.Deploy.Sealing;

/// <summary>
/// How one release's rendering is sealed: the format, the cluster's recipients, the release's namespace (the one a
/// SopsSecret may be decrypted in when its Secret names none), and what it was sealed as before (kept when unchanged).
/// </summary>
/// <param name="Release">names the release in messages (<c>shop/backend</c>).</param>
public sealed record SealOptions(SealFormat Format, SealRecipients Recipients, string Namespace, string Release)
{
    /// <summary>The SopsSecret's <c>spec.decryption.keySecretRef</c>: a Secret in its namespace holding the age identity; null: cloud keys only.</summary>
    public SopsSecretKeyRef? KeySecret { get; init; }

    /// <summary>
    /// <c>render</c>: a Secret with data but no decrypted value would be written in plain text, which is refused unless
    /// <c>--allow-plaintext-secrets</c> (then false). The post-renderer of <c>apply</c> leaves such a Secret to helm.
    /// </summary>
    public bool RefusePlainSecrets { get; init; }

    /// <summary>Documents sealed before (the deployed manifest, the previous rendering): kept byte for byte when unchanged.</summary>
    public IReadOnlyList<PreviousSeal> Previous { get; init; } = [];
}

/// <summary>A SopsSecret's key Secret: <c>name</c>, and <c>key</c> (null: every <c>*.agekey</c> entry).</summary>
public sealed record SopsSecretKeyRef(string Name, string? Key)
{
    /// <summary><c>NAME</c> or <c>NAME/KEY</c>.</summary>
    public static SopsSecretKeyRef Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new SopsSecretKeyRef(text, null) : new SopsSecretKeyRef(text[..slash], text[(slash + 1)..] is { Length: > 0 } k ? k : null);
    }

    public override string ToString() => Key is null ? Name : $"{Name}/{Key}";
}
