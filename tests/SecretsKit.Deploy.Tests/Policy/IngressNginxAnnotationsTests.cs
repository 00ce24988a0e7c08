using SecretsKit.Deploy.Policy;
using SecretsKit.Deploy.Policy.Model;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Deploy.Tests.Policy;

/// <summary>KCV0093: ingress-nginx annotations that could inject nginx configuration (the auth-url / auth-tls-match-cn / mirror advisories).</summary>
public sealed class IngressNginxAnnotationsTests
{
    private static string Ingress(string annotation, string value, string ingressClass = "nginx", string kind = "Ingress") => $$"""
        ---
        apiVersion: networking.k8s.io/v1
        kind: {{kind}}
        metadata:
          name: web
          namespace: shop
          annotations:
            nginx.ingress.kubernetes.io/{{annotation}}: {{value}}
        spec:
          ingressClassName: {{ingressClass}}
          rules: [{host: shop.example.com}]

        """;

    private static List<PolicyFinding> Scan(string yaml) =>
        [.. new PolicyScanner(new PolicyOptions()).Scan([new ManifestSource("rendered", yaml)], CancellationToken.None).Findings.Where(f => f.Id == "KCV0093")];

    [Theory]
    [InlineData("auth-url", "\"http://auth.example.com/verify|planted\"")]
    [InlineData("auth-url", "\"http://auth.example.com/#;\\nplanted_directive\"")]
    [InlineData("mirror-target", "\"https://mirror.example.com/{planted}\"")]
    [InlineData("mirror-host", "\"http://mirror.example.com/\\\\planted\"")]
    [InlineData("auth-tls-match-cn", "\"CN=client;planted\"")]
    [InlineData("auth-tls-match-cn", "\"CN=client\\nplanted\"")]
    [InlineData("auth-url", "\"CN=a;planted\"")] // both shapes are tried on every annotation
    public void A_suspicious_annotation_is_one_critical_finding_naming_its_key_never_its_value(string annotation, string value)
    {
        var f = Assert.Single(Scan(Ingress(annotation, value)));
        Assert.Equal(("AVD-KCV-0093", PolicySeverity.Critical, "Ensure ingress-nginx annotations are secure"), (f.AvdId, f.Severity, f.Title));
        Assert.Equal("metadata.annotations.nginx.ingress.kubernetes.io/" + annotation, f.Path);
        Assert.DoesNotContain("planted", f.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auth-url", "https://auth.example.com/verify?rd=$escaped_request_uri")]
    [InlineData("auth-url", "\"http://auth.example.com/ then|text\"")] // a blank ends the URL before the bar
    [InlineData("auth-tls-match-cn", "CN=client.example.com")]
    [InlineData("mirror-target", "https://mirror.example.com$request_uri")]
    [InlineData("auth-signin", "\"http://auth.example.com/|other-annotation\"")] // not one of the four
    public void Plain_values_and_other_annotations_pass(string annotation, string value) =>
        Assert.Empty(Scan(Ingress(annotation, value)));

    [Fact]
    public void Only_Ingresses_of_class_nginx_are_read_in_any_case_of_the_class_and_kind()
    {
        const string Bad = "\"http://auth.example.com/|x\"";
        Assert.Single(Scan(Ingress("auth-url", Bad, "NGINX", "ingress")));
        Assert.Empty(Scan(Ingress("auth-url", Bad, "traefik")));
        Assert.Empty(Scan(Ingress("auth-url", Bad, "nginx-internal")));
        Assert.Empty(Scan(Ingress("auth-url", Bad).Replace("  ingressClassName: nginx\n", "", StringComparison.Ordinal)));
        Assert.Empty(Scan(Ingress("auth-url", Bad, kind: "Service")));
    }
}
