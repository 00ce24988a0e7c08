using System.Text;
using System.Text.RegularExpressions;

namespace SecretsKit.Deploy.Diff;

/// <summary>
/// Finds sensitive values in text: the value itself, its base64 encoding at any byte alignment (also URL-safe), and
/// base64 tokens whose decoded bytes contain it (a secret inside an encoded config blob).
/// </summary>
internal sealed partial class SensitiveMatcher
{
    /// <summary>Shortest base64 fragment trusted as evidence; shorter ones would match unrelated text.</summary>
    private const int MinimumCoreLength = 8;

    private readonly List<string> _needles = new();
    private readonly List<byte[]> _bytes = new();

    public SensitiveMatcher(IEnumerable<string> values)
    {
        foreach (var value in values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal))
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            _bytes.Add(bytes);
            _needles.Add(value);
            var whole = Convert.ToBase64String(bytes);
            _needles.Add(whole);
            _needles.Add(UrlSafe(whole).TrimEnd('='));
            foreach (var core in AlignedCores(bytes))
            {
                _needles.Add(core);
                _needles.Add(UrlSafe(core));
            }
        }
        _needles = _needles.Distinct(StringComparer.Ordinal).OrderByDescending(n => n.Length).ToList();
    }

    public bool IsEmpty => _bytes.Count == 0;

    public bool Matches(string? text)
    {
        if (string.IsNullOrEmpty(text) || IsEmpty) return false;
        foreach (var needle in _needles)
        {
            if (text.Contains(needle, StringComparison.Ordinal)) return true;
        }
        var compact = text.Contains('\n', StringComparison.Ordinal) ? Whitespace().Replace(text, "") : text;
        foreach (Match token in Base64Token().Matches(compact))
        {
            if (TryDecode(token.Value) is { } decoded && _bytes.Any(b => decoded.AsSpan().IndexOf(b) >= 0)) return true;
        }
        return false;
    }

    /// <summary>
    /// The part of the encoding of <paramref name="bytes"/> that is the same wherever they sit inside a longer byte
    /// string (offset 0, 1 or 2 modulo 3): whole base64 quads made only of these bytes.
    /// </summary>
    private static IEnumerable<string> AlignedCores(byte[] bytes)
    {
        for (var shift = 0; shift < 3; shift++)
        {
            var padded = new byte[shift + bytes.Length];
            bytes.CopyTo(padded, shift);
            var encoded = Convert.ToBase64String(padded);
            var start = shift == 0 ? 0 : 4;
            var end = padded.Length / 3 * 4;
            if (end - start >= MinimumCoreLength) yield return encoded[start..end];
        }
    }

    private static string UrlSafe(string base64) => base64.Replace('+', '-').Replace('/', '_');

    private static byte[]? TryDecode(string token)
    {
        var standard = token.TrimEnd('=').Replace('-', '+').Replace('_', '/');
        standard += (standard.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        if (standard.Length % 4 != 0) return null;
        var buffer = new byte[standard.Length / 4 * 3];
        return Convert.TryFromBase64String(standard, buffer, out var written) ? buffer[..written] : null;
    }

    [GeneratedRegex(@"[A-Za-z0-9+/_\-]{8,}={0,2}")]
    private static partial Regex Base64Token();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
