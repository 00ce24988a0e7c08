using System.Text.RegularExpressions;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// KCV0093: an Ingress of class <c>nginx</c> has an ingress-nginx annotation that could inject configuration
/// (<c>auth-url</c>, <c>auth-tls-match-cn</c>, <c>mirror-target</c>, <c>mirror-host</c>): an http(s) URL with a line
/// break or one of <c>&lt;&gt;"{}|^`\</c> before any blank, or a <c>CN=</c> followed on its line by a line break or one
/// of <c>\r#{};|</c>. Each annotation is tested against both shapes, as trivy-checks does. One finding per annotation,
/// naming its key, never its value.
/// </summary>
internal sealed partial class Kcv0093InsecureIngressNginx : PolicyCheck
{
    private static readonly string[] Annotations =
    [
        "nginx.ingress.kubernetes.io/auth-url", "nginx.ingress.kubernetes.io/auth-tls-match-cn",
        "nginx.ingress.kubernetes.io/mirror-target", "nginx.ingress.kubernetes.io/mirror-host",
    ];

    public override string Id => "KCV0093";

    public override string Title => "Ensure ingress-nginx annotations are secure";

    public override PolicySeverity Severity => PolicySeverity.Critical;

    public override IReadOnlyCollection<string> Kinds => ["ingress"];

    /// <summary>Go's <c>\s</c> is tab, line feed, form feed, carriage return and space; the pattern's tail (<c>[^\s]*</c>) matches empty, so it is left out.</summary>
    [GeneratedRegex("https?://[^\\t\\n\\f\\r <>\"{}|^`\\\\]*[\\r\\n<>\"{}|^`\\\\]", RegexOptions.CultureInvariant)]
    private static partial Regex SuspiciousUrl();

    /// <summary><c>.</c> stops at a line feed, in Go as here.</summary>
    [GeneratedRegex("CN=.*[\\r\\n#{};|]", RegexOptions.CultureInvariant)]
    private static partial Regex SuspiciousCn();

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (!Rego.HasField(o.Spec, "ingressClassName") || Rego.Text(Rego.At(o.Spec, "ingressClassName"))?.ToLowerInvariant() != "nginx") yield break;
        var annotations = Rego.At(o.Root, "metadata", "annotations");
        foreach (var key in Annotations)
        {
            if (Rego.Text(Rego.At(annotations, key)) is not { } value) continue;
            if (SuspiciousUrl().IsMatch(value) || SuspiciousCn().IsMatch(value))
            {
                yield return new PolicyHit("metadata.annotations." + key,
                    $"annotation {key} should hold no line break and none of <>\"{{}}|^`\\ in a URL, none of #{{}};| after CN=");
            }
        }
    }
}
