using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV034 (deprecated): an image comes from a public registry (docker.io, ghcr.io, or no registry at all).</summary>
internal sealed class Ksv034PublicRegistry : ContainerCheck
{
    private static readonly string[] Public = ["docker.io", "ghcr.io"];

    public override string Id => "KSV034";

    public override string Title => "Container images from public registries used";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    public override bool Deprecated => true;

    protected override bool ByName => true;

    protected override string Advice => "take its image from a private registry";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        Rego.Text(c.Node["image"]) is { } image && (Public.Any(p => image.StartsWith(p, StringComparison.Ordinal)) || !image.Split('/')[0].Contains('.', StringComparison.Ordinal))
            ? "image" : null;
}
