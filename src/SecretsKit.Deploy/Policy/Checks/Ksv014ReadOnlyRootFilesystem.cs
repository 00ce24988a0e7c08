using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV014: a container root file system is writable (readOnlyRootFilesystem not true).</summary>
internal sealed class Ksv014ReadOnlyRootFilesystem : ContainerCheck
{
    public override string Id => "KSV014";

    public override string Title => "Root file system is not read-only";

    public override PolicySeverity Severity => PolicySeverity.High;

    protected override string Advice => "set securityContext.readOnlyRootFilesystem to true";

    protected override string? Fails(PolicyObject o, PodContainer c) =>
        Rego.IsTrue(c.Security["readOnlyRootFilesystem"]) ? null : "securityContext.readOnlyRootFilesystem";
}
