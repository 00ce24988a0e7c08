using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// SK-PLAINTEXT-002: a Secret's <c>data</c> (base64-decoded) or <c>stringData</c> value is exactly the final value of a
/// key from a values file that is not encrypted: that secret sits in Git in plain text. Names the Secret's key and the
/// values key, never the value. CRITICAL, so the release's default severity fails on it: a secret in Git in plain
/// text is what an encrypted values file exists to prevent, as a secret scanner in CI would refuse it. A name or
/// location under its values key (a host, a user) is no secret (<see cref="Provenance.NonSecretValues"/>).
/// </summary>
internal sealed class SkPlaintext002UnencryptedSecretValue : PlaintextCheck
{
    public override string Id => "SK-PLAINTEXT-002";

    public override string Title => "Secret filled from an unencrypted values file";

    public override PolicySeverity Severity => PolicySeverity.Critical;

    public override IReadOnlyCollection<string> Kinds => ["secret"];

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (o.Values is not { IsEmpty: false } values || !IsSecret(o)) return [];
        var hits = new List<PolicyHit>();
        foreach (var field in new[] { "data", "stringData" })
        {
            if (o.Root[field] is not JsonObject entries) continue;
            foreach (var (key, node) in entries)
            {
                if (Rego.Text(node) is not { } text) continue;
                var value = field == "data" ? Decoded(text) : text;
                if (value is null || values.PlainOrigin(value) is not { } origin) continue;
                hits.Add(new PolicyHit(Below(field, key), $"comes from {origin}, a values file that is not encrypted: move the value to an encrypted secrets file (secretskit enc) or a ref+ reference"));
            }
        }
        return hits;
    }

    private static string? Decoded(string base64)
    {
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out var n)) return null;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, n);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
