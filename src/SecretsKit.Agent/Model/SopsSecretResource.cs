using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Model;

/// <summary>
/// Typed view of a SopsSecret (<c>secretskit.io/v1alpha1</c>): a SOPS-encrypted document in <c>spec.sops</c> that may only
/// be decrypted in the namespaces its encrypted <c>namespaces</c> list names.
/// </summary>
internal sealed record SopsSecretResource(
    string Name,
    string Namespace,
    string Uid,
    long Generation,
    TimeSpan RefreshInterval,
    SopsKeyRef? KeyRef,
    SopsTargetSpec Target,
    string? Document,
    SpecProblem? Problem,
    JsonObject Raw)
{
    public const string ApiVersion = "secretskit.io/v1alpha1";
    public const string Kind = "SopsSecret";

    private static readonly string[] SpecFields = ["refreshInterval", "decryption", "target", "sops"];
    private static readonly string[] DecryptionFields = ["keySecretRef"];
    private static readonly string[] KeyRefFields = ["name", "key"];
    private static readonly string[] TargetFields = ["name", "type", "creationPolicy", "labels", "annotations"];

    public string Key => $"{Namespace}/{Name}";

    public static SopsSecretResource Parse(JsonObject obj)
    {
        var name = obj.GetName() ?? "";
        var spec = obj["spec"] as JsonObject ?? new JsonObject();
        var target = spec["target"] as JsonObject;
        var keyRef = (spec["decryption"] as JsonObject)?["keySecretRef"] as JsonObject;
        var creation = ParseCreation(Json.Str(target?["creationPolicy"]));
        var problem = FindProblem(obj, spec, keyRef, target, creation);
        return new SopsSecretResource(
            name,
            obj.GetNamespace() ?? "default",
            obj.GetUid() ?? "",
            obj.GetGeneration(),
            RefreshIntervals.Parse(Json.Str(spec["refreshInterval"])),
            keyRef is not null && Json.Str(keyRef["name"]) is { Length: > 0 } keyName ? new SopsKeyRef(keyName, Json.Str(keyRef["key"])) : null,
            new SopsTargetSpec(
                Json.Str(target?["name"]) is { Length: > 0 } targetName ? targetName : name,
                Json.Str(target?["type"]) is { Length: > 0 } type ? type : "Opaque",
                creation ?? CreationPolicy.Owner,
                Json.Map(target?["labels"]),
                Json.Map(target?["annotations"])),
            spec["sops"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null,
            problem,
            obj);
    }

    private static CreationPolicy? ParseCreation(string? text) => text switch
    {
        null or "" or "Owner" => CreationPolicy.Owner,
        "Orphan" => CreationPolicy.Orphan,
        "Merge" => CreationPolicy.Merge,
        "None" => CreationPolicy.None,
        _ => null,
    };

    /// <summary>The first field outside the SopsSecret schema (unknown fields are reported, never silently ignored).</summary>
    private static SpecProblem? FindProblem(JsonObject obj, JsonObject spec, JsonObject? keyRef, JsonObject? target, CreationPolicy? creation)
    {
        var shapes = new SpecReader(obj);
        shapes.Expect(spec, "spec", ("refreshInterval", JsonValueKind.String), ("decryption", JsonValueKind.Object), ("target", JsonValueKind.Object),
            ("sops", JsonValueKind.String));
        if (spec["decryption"] is JsonObject d) shapes.Expect(d, "spec.decryption", ("keySecretRef", JsonValueKind.Object));
        if (target is not null) shapes.Expect(target, "spec.target", ("labels", JsonValueKind.Object), ("annotations", JsonValueKind.Object));
        if (shapes.Problem is { } shape) return shape;
        if (Unknown(spec, SpecFields, "spec") is { } p1) return p1;
        if (spec["decryption"] is JsonObject decryption && Unknown(decryption, DecryptionFields, "spec.decryption") is { } p2) return p2;
        if (keyRef is not null)
        {
            if (keyRef.ContainsKey("namespace"))
            {
                const string path = "spec.decryption.keySecretRef.namespace";
                return new SpecProblem(path, $"field {path} is not supported: the key Secret must be in the SopsSecret's own namespace");
            }
            if (Unknown(keyRef, KeyRefFields, "spec.decryption.keySecretRef") is { } p3) return p3;
        }
        if (target is not null && Unknown(target, TargetFields, "spec.target") is { } p4) return p4;
        if (creation is null)
        {
            const string path = "spec.target.creationPolicy";
            return new SpecProblem(path, $"field {path} must be one of Owner, Orphan, Merge, None");
        }
        return null;
    }

    private static SpecProblem? Unknown(JsonObject obj, string[] known, string prefix)
    {
        foreach (var (key, _) in obj)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                var path = $"{prefix}.{key}";
                return new SpecProblem(path, Messages.UnsupportedField(path));
            }
        }
        return null;
    }
}
