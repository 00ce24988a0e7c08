using System.Text;

namespace SecretsKit.Deploy.Policy.Provenance;

/// <summary>
/// The forms a decrypted value is looked for in (SK-PLAINTEXT-001, <c>release audit-plaintext</c>): as it is, base64-encoded
/// (a Secret's data, <c>b64enc</c>), and each long line of a multi-line value (a key or certificate), longest first.
/// </summary>
public static class DecryptedForms
{
    /// <summary>A line of a multi-line secret is matched on its own from this length (a PEM body line is 64).</summary>
    public const int LineMinimum = 16;

    /// <summary>Each decrypted value as it is, base64-encoded, and the long lines of a multi-line one, longest first.</summary>
    public static List<(string Form, string How, ValueOrigin Origin)> Of(IReadOnlyList<(string Value, ValueOrigin Origin)> decrypted)
    {
        var forms = new List<(string, string, ValueOrigin)>();
        foreach (var (value, origin) in decrypted)
        {
            forms.Add((value, "the decrypted value of", origin));
            forms.Add((Convert.ToBase64String(Encoding.UTF8.GetBytes(value)), "the base64-encoded decrypted value of", origin));
            if (!value.Contains('\n', StringComparison.Ordinal)) continue;
            foreach (var line in value.Split('\n').Select(l => l.Trim()).Where(l => l.Length >= LineMinimum))
            {
                forms.Add((line, "a line of the decrypted value of", origin));
            }
        }
        return [.. forms.OrderByDescending(f => f.Item1.Length)];
    }
}
