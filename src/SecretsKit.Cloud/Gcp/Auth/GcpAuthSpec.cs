using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// One auth form of a <c>gcpsm</c> section: its name under <c>auth</c>, the dotted path below <c>auth</c> whose value
/// selects it, its field paths (below <c>auth</c>) and how it builds a token source from that value. Listed once in
/// <see cref="GcpStoreAuth.All"/>.
/// </summary>
internal sealed record GcpAuthSpec(string Name, string Path, IReadOnlyList<string> Fields,
    Func<ProviderSpec, JsonNode, HttpClient, CancellationToken, Task<GcpTokenSource>> CreateAsync)
{
    /// <summary>The value at <see cref="Path"/> in <paramref name="auth"/>, when the section sets this form (<see cref="SpecJson.At"/>).</summary>
    public JsonNode? Select(JsonNode? auth) => SpecJson.At(auth, Path);
}
