using System.Text.Json.Nodes;

namespace SecretsKit.Deploy.Policy.Model;

/// <summary>A pod (the object itself, a controller's <c>spec.template</c>, a CronJob's job template) and its JSON path ("" for the object).</summary>
internal sealed record PodTemplate(JsonObject Pod, string Path)
{
    public JsonNode? Spec => Pod["spec"];

    /// <summary><c>spec.securityContext</c>, when the pod sets one.</summary>
    public JsonNode? SecurityContext => Rego.At(Pod, "spec", "securityContext");

    /// <summary>The path of a field below the pod: <c>spec.template.spec.x</c>.</summary>
    public string Below(string relative) => Path.Length == 0 ? relative : Path + "." + relative;
}
