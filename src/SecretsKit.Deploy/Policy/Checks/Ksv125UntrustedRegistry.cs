using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// KSV125: an image names a registry outside the trusted ones: the list given (Trivy's <c>ksv0125.trusted_registries</c>
/// data, <c>--trusted-registry</c>), which replaces the default of Azure, ECR and GCR domains as in Trivy. A registry is
/// trusted when its name ends with a trusted entry, as Trivy compares.
/// </summary>
internal sealed class Ksv125UntrustedRegistry : ContainerCheck
{
    private static readonly string[] Trusted = [.. EcrRegistries.Domains, .. EcrRegistries.Gcr, "azurecr.io"];

    public override string Id => "KSV0125";

    public override string Title => "Restrict container images to trusted registries";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    protected override bool ByName => true;

    protected override string Advice => "take its image from a trusted registry";

    protected override string? Fails(PolicyObject o, PodContainer c)
    {
        var trusted = o.TrustedRegistries.Count > 0 ? o.TrustedRegistries : Trusted;
        return Rego.Text(c.Node["image"])?.Split('/') is { Length: > 1 } parts && !trusted.Any(t => parts[0].EndsWith(t, StringComparison.Ordinal)) ? "image" : null;
    }
}
