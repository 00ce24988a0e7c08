using System.Text.Json.Nodes;
using Amazon.Runtime;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Cloud.Aws.Auth;

/// <summary>
/// One AWS credential form of an ESO <c>auth</c> block (<c>spec.provider.aws.auth</c>, Vault's <c>auth.iam</c>): the path
/// below <c>auth</c> whose value selects it (an object only when <paramref name="ObjectOnly"/>), the field paths it reads
/// (below <c>auth</c>) and how it builds credentials from that value, given the block's own spec path (for messages) and
/// the STS client an exchange goes to. Listed once in <see cref="AwsAuthMethods.All"/>.
/// </summary>
internal sealed record AwsAuthSpec(string Path, IReadOnlyList<string> Fields, bool ObjectOnly,
    Func<ProviderSpec, JsonNode, string, Func<StsClient>, CancellationToken, Task<AWSCredentials>> CreateAsync)
{
    /// <summary>The value at <see cref="Path"/> in <paramref name="auth"/> when it selects this form, else null.</summary>
    public JsonNode? Select(JsonNode? auth)
    {
        var node = SpecJson.At(auth, Path);
        return ObjectOnly && node is not JsonObject ? null : node;
    }
}
