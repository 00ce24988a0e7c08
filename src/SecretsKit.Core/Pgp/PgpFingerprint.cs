namespace SecretsKit.Core.Pgp;

/// <summary>Normalises PGP fingerprints the way sops stores them and derives the long key id gpg trusts.</summary>
internal static class PgpFingerprint
{
    /// <summary>The fingerprint with every space removed; a trailing <c>!</c> (exact-key marker) is kept.</summary>
    public static string Normalize(string text) => text.Replace(" ", "", StringComparison.Ordinal).Trim();

    /// <summary>The last 16 hex digits (the long key id) for <c>--trusted-key</c>, ignoring a trailing <c>!</c>.</summary>
    public static string LongKeyId(string fingerprint)
    {
        var fp = fingerprint.TrimEnd('!');
        return fp.Length > 16 ? fp[^16..] : fp;
    }
}
