using System.Text.Json.Serialization;

namespace SecretsKit.Cloud.Aws.Ecr;

internal sealed record GetAuthorizationTokenRequest;

internal sealed record GetAuthorizationTokenResponse([property: JsonPropertyName("authorizationData")] IReadOnlyList<AuthorizationData>? AuthorizationData);

internal sealed record GetPublicAuthorizationTokenResponse([property: JsonPropertyName("authorizationData")] AuthorizationData? AuthorizationData);

internal sealed record AuthorizationData(
    [property: JsonPropertyName("authorizationToken")] string? AuthorizationToken,
    [property: JsonPropertyName("expiresAt")] double? ExpiresAt,
    [property: JsonPropertyName("proxyEndpoint")] string? ProxyEndpoint);

[JsonSerializable(typeof(GetAuthorizationTokenRequest))]
[JsonSerializable(typeof(GetAuthorizationTokenResponse))]
[JsonSerializable(typeof(GetPublicAuthorizationTokenResponse))]
internal sealed partial class EcrJsonContext : JsonSerializerContext;
