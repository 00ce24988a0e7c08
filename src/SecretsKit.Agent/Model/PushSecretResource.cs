using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Selectors;

namespace SecretsKit.Agent.Model;

/// <summary>
/// Typed view of a PushSecret (<c>external-secrets.io/v1alpha1</c>): the source (a Secret by name, the Secrets a label
/// selector picks, or a generator's output), the optional template applied to it, and which keys go to which stores
/// (<c>data</c> entry by entry, <c>dataTo</c> in bulk), how.
/// </summary>
internal sealed record PushSecretResource(
    string Namespace,
    string Name,
    string Uid,
    long Generation,
    TimeSpan RefreshInterval,
    IReadOnlyList<PushStoreRef> Stores,
    string SecretName,
    bool IfNotExists,
    bool DeleteRemote,
    IReadOnlyList<PushEntry> Data,
    JsonObject Raw)
{
    public const string Finalizer = "pushsecret.externalsecrets.io/finalizer";

    public string Key => $"{Namespace}/{Name}";

    /// <summary><c>selector.secret.selector</c>: the Secrets of the namespace it matches are each pushed (when no name is given).</summary>
    public LabelSelector? SecretSelector { get; init; }

    /// <summary><c>selector.generatorRef</c>: the generator whose output is pushed (when no Secret name is given).</summary>
    public GeneratorRef? Generator { get; init; }

    /// <summary><c>template</c>: ExternalSecret's <c>target.template</c>, applied to each source Secret before the push.</summary>
    public TemplateSpec? Template { get; init; }

    /// <summary><c>dataTo</c>: the bulk pushes.</summary>
    public IReadOnlyList<PushDataTo> DataTo { get; init; } = [];

    /// <summary>A part of the spec with the wrong shape, read as its default; the reconcile reports it instead of pushing.</summary>
    public SpecProblem? Problem { get; init; }

    /// <summary>Never throws: a malformed part becomes <see cref="Problem"/> (see <see cref="SpecReader"/>).</summary>
    public static PushSecretResource Parse(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject ?? new JsonObject();
        var reader = new SpecReader(obj);
        reader.Expect(spec, "spec", ("refreshInterval", JsonValueKind.String), ("secretStoreRefs", JsonValueKind.Array), ("selector", JsonValueKind.Object),
            ("updatePolicy", JsonValueKind.String), ("deletionPolicy", JsonValueKind.String), ("data", JsonValueKind.Array), ("dataTo", JsonValueKind.Array),
            ("template", JsonValueKind.Object));
        var stores = Json.Objects(spec["secretStoreRefs"]).Select((r, i) => reader.Read($"spec.secretStoreRefs[{i}]", () => PushStoreRef.Parse(r), null))
            .OfType<PushStoreRef>().ToList();
        var data = Json.Objects(spec["data"]).Select((d, i) => reader.Read($"spec.data[{i}].match", () => PushEntry.Parse(d), null)).OfType<PushEntry>().ToList();
        var dataTo = Json.Objects(spec["dataTo"]).Select((d, i) => reader.Read($"spec.dataTo[{i}]", () => PushDataTo.Parse(d), null)).OfType<PushDataTo>().ToList();
        var selector = spec["selector"] as JsonObject ?? new JsonObject();
        var secretName = reader.Read("spec.selector", () => Json.Str(selector["secret"]?["name"]), null);
        var secretSelector = reader.Read("spec.selector.secret.selector", () => selector["secret"]?["selector"] is JsonObject s ? LabelSelector.Parse(s) : null, null);
        var generator = reader.Read("spec.selector.generatorRef", () => GeneratorRef.Parse(selector["generatorRef"]), null);
        var template = reader.Read("spec.template", () => TemplateSpec.Parse(spec["template"]), null);
        return new PushSecretResource(obj.GetNamespace() ?? "default", obj.GetName() ?? "", obj.GetUid() ?? "", obj.GetGeneration(),
            RefreshIntervals.Parse(Json.Str(spec["refreshInterval"])),
            stores, secretName ?? "",
            Json.Str(spec["updatePolicy"]) == "IfNotExists", Json.Str(spec["deletionPolicy"]) == "Delete", data, obj)
        {
            Problem = reader.Problem, SecretSelector = secretSelector, Generator = generator, Template = template, DataTo = dataTo,
        };
    }
}
