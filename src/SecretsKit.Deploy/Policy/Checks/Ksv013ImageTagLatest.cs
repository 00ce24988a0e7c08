using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV013: a container image has no tag or the tag latest, and no digest.</summary>
internal sealed class Ksv013ImageTagLatest : ContainerCheck
{
    public override string Id => "KSV013";

    public override string Title => "Image tag \":latest\" used";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    protected override string Advice => "name its image by a tag other than latest, or by digest";

    protected override string? Fails(PolicyObject o, PodContainer c) => Tagged(Rego.Text(c.Node["image"])) ? null : "image";

    /// <summary>A digest pins the image; else the last path segment (a registry port is not a tag) needs a tag other than latest.</summary>
    private static bool Tagged(string? image)
    {
        if (image is null) return false;
        if (image.Contains('@', StringComparison.Ordinal)) return true;
        var last = image.Split('/')[^1];
        var parts = last.Split(':');
        return parts.Length > 1 && parts[^1] != "latest";
    }
}
