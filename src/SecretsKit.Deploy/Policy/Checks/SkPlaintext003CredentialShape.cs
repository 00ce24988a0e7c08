using System.Text;
using SecretsKit.Core.Credentials;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// SK-PLAINTEXT-003: a well-known credential format (<see cref="CredentialShapes"/>) in a ConfigMap's <c>data</c> or
/// <c>binaryData</c>, or in the annotations of any object or of its pod templates. Needs no values: it runs on any
/// rendered file. Names the shape and the path, never the value.
/// </summary>
internal sealed class SkPlaintext003CredentialShape : PlaintextCheck
{
    public override string Id => "SK-PLAINTEXT-003";

    public override string Title => "Credential in a ConfigMap or annotation";

    public override PolicySeverity Severity => PolicySeverity.Critical;

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        var places = Strings(Rego.At(o.Root, "metadata", "annotations"), "metadata.annotations")
            .Concat(o.Pods.SelectMany(p => Strings(Rego.At(p.Pod, "metadata", "annotations"), p.Below("metadata.annotations"))));
        if (o.Kind == "ConfigMap" && o.ApiVersion == "v1")
        {
            places = places.Concat(Strings(o.Root["data"], "data"))
                .Concat(Strings(o.Root["binaryData"], "binaryData").Select(p => (p.Path, Decoded(p.Text))));
        }
        var hits = new List<PolicyHit>();
        foreach (var (path, text) in places)
        {
            if (CredentialShapes.Find(text) is { } shape)
            {
                hits.Add(new PolicyHit(path, $"holds what looks like {shape}: keep credentials in a Secret (or an encrypted values file) and reference it"));
            }
        }
        return hits;
    }

    private static string Decoded(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var n) ? Encoding.UTF8.GetString(bytes, 0, n) : "";
    }
}
