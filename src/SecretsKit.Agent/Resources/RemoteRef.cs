using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Resources;

/// <summary><c>remoteRef</c> of a <c>data</c> entry or <c>dataFrom.extract</c>.</summary>
internal sealed record RemoteRef(string Key, string? Property, string? Version, string DecodingStrategy)
{
    public static RemoteRef Parse(JsonObject o) =>
        new(Json.Str(o["key"]) ?? "", Json.Str(o["property"]), Json.Str(o["version"]), Json.Str(o["decodingStrategy"]) ?? "None");
}

/// <summary>One <c>spec.data</c> entry.</summary>
internal sealed record DataEntry(string SecretKey, RemoteRef Ref, StoreRef? SourceStore);

/// <summary>One <c>spec.dataFrom</c> entry: extract, find or a generator (<c>sourceRef.generatorRef</c>), with rewrites.</summary>
internal sealed record DataFromEntry(RemoteRef? Extract, FindSpec? Find, IReadOnlyList<Rewrite> Rewrites, StoreRef? SourceStore, GeneratorRef? Generator = null);

/// <summary><c>dataFrom.find</c>: name regexp, tags, path.</summary>
internal sealed record FindSpec(string? NameRegex, IReadOnlyDictionary<string, string>? Tags, string? Path, string DecodingStrategy);

/// <summary><c>rewrite[].regexp</c> (source/target).</summary>
internal sealed record Rewrite(string Source, string Target);

/// <summary><c>secretStoreRef</c>: store name and kind.</summary>
internal sealed record StoreRef(string Name, StoreKind Kind)
{
    public static StoreRef? Parse(JsonNode? node) =>
        node is JsonObject o && Json.Str(o["name"]) is { } name
            ? new StoreRef(name, Json.Str(o["kind"]) == "ClusterSecretStore" ? StoreKind.ClusterSecretStore : StoreKind.SecretStore)
            : null;
}
