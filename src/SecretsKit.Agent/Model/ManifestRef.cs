using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Model;

/// <summary><c>spec.target.manifest</c>: the kind written instead of a Secret (ESO's generic targets).</summary>
internal sealed record ManifestRef(string ApiVersion, string Kind)
{
    public static ManifestRef? Parse(JsonNode? node) => node is JsonObject o ? new ManifestRef(Json.Str(o["apiVersion"]) ?? "", Json.Str(o["kind"]) ?? "") : null;

    /// <summary>Whether it names a core/v1 Secret, which is the default target (ESO's <c>isManifestSecretTarget</c>).</summary>
    public bool IsSecret => ApiVersion == "v1" && Kind == "Secret";
}
