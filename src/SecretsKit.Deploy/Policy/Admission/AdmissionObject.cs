using System.Text.Json.Nodes;

namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>An object the policies may read (a policy, binding, Namespace, CRD or param object), with the namespace it would be created in when it names none.</summary>
public sealed record AdmissionObject(JsonObject Manifest, string? DefaultNamespace)
{
    public string? Kind => LabelSelector.Text(Manifest["kind"]);

    public string Name => LabelSelector.Text((Manifest["metadata"] as JsonObject)?["name"]) ?? "";

    /// <summary><c>metadata.namespace</c>, else the default, else <c>default</c>.</summary>
    public string Namespace => LabelSelector.Text((Manifest["metadata"] as JsonObject)?["namespace"]) ?? DefaultNamespace ?? "default";

    public string Group => ResourceNames.Split(LabelSelector.Text(Manifest["apiVersion"])).Group;
}
