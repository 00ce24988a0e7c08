using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Controllers.ExternalSecrets;

/// <summary>
/// The Secret the agent wants: type, labels/annotations from the template, and data (raw bytes). Kept per
/// ExternalSecret for drift repair, so its maps are stored compactly (<see cref="CompactMap{TValue}"/>) and the data's
/// key names are shared (<see cref="NamePool"/>).
/// </summary>
internal sealed record DesiredSecret(string Type, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyDictionary<string, byte[]> Data)
{
    public string Type { get; init; } = Type == OpaqueType ? OpaqueType : Type;

    public IReadOnlyDictionary<string, string> Labels { get; init; } = CompactMap<string>.Of(Labels);

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = CompactMap<string>.Of(Annotations);

    // the key names repeat across ExternalSecrets (password, username, ...): one pooled copy each
    public IReadOnlyDictionary<string, byte[]> Data { get; init; } = CompactMap<byte[]>.Of(Data, NamePool.Shared);

    /// <summary><c>template.metadata.finalizers</c>: added to the Secret when missing, never removed.</summary>
    public IReadOnlyList<string> Finalizers { get; init; } = [];

    private const string OpaqueType = "Opaque";
}
