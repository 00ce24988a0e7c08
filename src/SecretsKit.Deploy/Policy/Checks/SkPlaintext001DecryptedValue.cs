using System.Buffers;
using System.Runtime.CompilerServices;
using SecretsKit.Deploy.Policy.Model;
using SecretsKit.Deploy.Policy.Provenance;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// SK-PLAINTEXT-001: a value the pipeline decrypted (an encrypted values file, <c>secrets:</c>, a <c>ref+</c> reference)
/// appears in the rendered object anywhere but a Secret's <c>data</c>/<c>stringData</c>: as it is, base64-encoded, or
/// one line of a multi-line secret (a key or certificate); and in a chart's NOTES.txt (<see cref="EvaluateText"/>). Names
/// the path and the values key, never the value. Not a finding: a name or location under its values key
/// (<see cref="NonSecretValues"/>, left out of <see cref="ValueProvenance.Decrypted"/>), and a field that refers to a
/// Secret or an image by name (<see cref="ReferenceFields"/>).
/// </summary>
internal sealed class SkPlaintext001DecryptedValue : PlaintextCheck
{
    public override string Id => "SK-PLAINTEXT-001";

    public override string Title => "Decrypted secret in plain text";

    public override PolicySeverity Severity => PolicySeverity.Critical;

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (o.Values is not { } values || values.Decrypted.Count == 0) return [];
        var matcher = Matchers.GetValue(values, v => new Matcher(DecryptedForms.Of(v.Decrypted)));
        var hits = new List<PolicyHit>();
        var secret = IsSecret(o);
        foreach (var (path, text, keys) in Fields(o.Root, "", key => secret && key is "data" or "stringData"))
        {
            // one multi-string search per field; only a field that holds some form is looked at form by form
            if (text.Length < ValueProvenance.MinimumLength || text.AsSpan().IndexOfAny(matcher.Any) < 0) continue;
            // a name kept in the encrypted file with the secrets, used where Kubernetes wants a Secret's name or an image
            if (ReferenceFields.Holds(o.Kind, path, keys, text)) continue;
            var (_, how, origin) = matcher.Forms.First(f => text.Contains(f.Form, StringComparison.Ordinal));
            hits.Add(new PolicyHit(path, $"holds {how} {origin}: reference a Secret (secretKeyRef, a mounted Secret) instead of writing the value here"));
        }
        return hits;
    }

    /// <summary>
    /// A decrypted value in a chart's NOTES.txt, which helm prints after install and upgrade and in <c>helm status</c>:
    /// one hit per line that holds a form, naming the line and the values key.
    /// </summary>
    public override IEnumerable<PolicyHit> EvaluateText(string text, ValueProvenance? values)
    {
        if (values is null || values.Decrypted.Count == 0) yield break;
        var matcher = Matchers.GetValue(values, v => new Matcher(DecryptedForms.Of(v.Decrypted)));
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].AsSpan().IndexOfAny(matcher.Any) < 0) continue;
            var (_, how, origin) = matcher.Forms.First(f => lines[i].Contains(f.Form, StringComparison.Ordinal));
            yield return new PolicyHit($"line {i + 1}", $"holds {how} {origin}: helm prints NOTES.txt after install and upgrade and in helm status; name the Secret that holds the value instead");
        }
    }

    /// <summary>The forms of one provenance's values, built once per release (the provenance is shared by its objects).</summary>
    private static readonly ConditionalWeakTable<ValueProvenance, Matcher> Matchers = new();

    private sealed class Matcher(List<(string Form, string How, ValueOrigin Origin)> forms)
    {
        public List<(string Form, string How, ValueOrigin Origin)> Forms { get; } = forms;

        public SearchValues<string> Any { get; } = SearchValues.Create([.. forms.Select(f => f.Form).Distinct(StringComparer.Ordinal)], StringComparison.Ordinal);
    }
}
