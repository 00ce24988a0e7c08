using System.Text;
using System.Text.RegularExpressions;
using SecretsKit.Core.Age;

namespace SecretsKit.Core.Operations;

/// <summary>
/// Finds private keys in a file's content, for <see cref="PlaintextScanner"/>: age identities (X25519
/// <c>AGE-SECRET-KEY-1…</c> and post-quantum <c>AGE-SECRET-KEY-PQ-1…</c>, whole bech32 strings with a valid checksum), PEM private keys
/// (OpenSSH, PKCS#1 RSA, EC, DSA, PKCS#8 and encrypted PKCS#8: a <c>BEGIN … PRIVATE KEY</c> line with its <c>END</c>
/// line after it, a base64 body between) and PGP private key blocks. A finding names the kind and the line, never any of the key.
/// </summary>
public static partial class PrivateKeyFinder
{
    /// <summary>The name of the file, at the scanned directory's root, listing files allowed to hold keys (published test keys).</summary>
    public const string AllowFile = ".secretskit-scan-allow";

    private static readonly (string Label, string Kind)[] PemLabels =
    [
        ("OPENSSH PRIVATE KEY", "OpenSSH private key"),
        ("RSA PRIVATE KEY", "PEM RSA private key"),
        ("EC PRIVATE KEY", "PEM EC private key"),
        ("DSA PRIVATE KEY", "PEM DSA private key"),
        ("PRIVATE KEY", "PEM private key"),
        ("ENCRYPTED PRIVATE KEY", "PEM encrypted private key"),
        ("PGP PRIVATE KEY BLOCK", "PGP private key block"),
    ];

    /// <summary>The first private key in <paramref name="content"/>: its kind and 1-based line; null when there is none.</summary>
    public static (string Kind, int Line)? Find(byte[] content)
    {
        var text = Encoding.Latin1.GetString(content);
        (string Kind, int At)? first = null;
        var age = AgeIdentity().Matches(text).FirstOrDefault(m => ValidBech32(m.Value));
        if (age is not null)
        {
            first = (age.Value.StartsWith("AGE-SECRET-KEY-PQ-", StringComparison.Ordinal) ? "post-quantum age identity" : "age identity", age.Index);
        }
        foreach (var (label, kind) in PemLabels)
        {
            var begin = text.IndexOf($"-----BEGIN {label}-----", StringComparison.Ordinal);
            var end = begin < 0 ? -1 : text.IndexOf($"-----END {label}-----", begin, StringComparison.Ordinal);
            // a key has its base64 body between the lines; code or docs that only name the lines do not count
            if (end < 0 || !Base64Run().IsMatch(text.AsSpan(begin, end - begin))) continue;
            if (first is null || begin < first.Value.At) first = (kind, begin);
        }
        return first is { } f ? (f.Kind, Line(text, f.At)) : null;
    }

    /// <summary>A whole bech32 string with a valid checksum: a real identity, not a placeholder such as <c>AGE-SECRET-KEY-1QQQ…</c>.</summary>
    private static bool ValidBech32(string candidate)
    {
        try
        {
            Bech32.Decode(candidate);
            return true;
        }
        catch (AgeException)
        {
            return false;
        }
    }

    private static int Line(string text, int at)
    {
        var line = 1;
        for (var i = 0; i < at; i++)
        {
            if (text[i] == '\n') line++;
        }
        return line;
    }

    [GeneratedRegex("[A-Za-z0-9+/]{40,}", RegexOptions.CultureInvariant)]
    private static partial Regex Base64Run();

    // bech32 data characters, upper case as age writes identities; X25519: 58 after the "1", post-quantum: far more
    [GeneratedRegex("AGE-SECRET-KEY-(?:PQ-)?1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58,}", RegexOptions.CultureInvariant)]
    private static partial Regex AgeIdentity();
}
