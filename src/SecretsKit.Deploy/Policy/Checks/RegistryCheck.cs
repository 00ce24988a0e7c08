using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// The registry checks: a container whose image names a registry (<c>registry/…</c>) must be one of the trusted domains.
/// An image with no registry part fails too.
/// </summary>
internal abstract class RegistryCheck : ContainerCheck
{
    protected override bool ByName => true;

    protected abstract IReadOnlyCollection<string> Trusted { get; }

    protected override string? Fails(PolicyObject o, PodContainer c)
    {
        var image = Rego.Text(c.Node["image"]);
        if (image is null) return "image"; // no image, or not a text: not from a trusted registry
        var parts = image.Split('/');
        return parts.Length > 1 && Trusted.Any(t => parts[0].EndsWith(t, StringComparison.Ordinal)) ? null : "image";
    }
}
