using System.Text.Json.Nodes;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// Where a <c>credConfig</c> is named (<see cref="GcpFederationAuth"/>): the ConfigMap selector and its spec path, the spec
/// path of the sibling <c>externalTokenEndpoint</c> and its value, and the section's <c>audience</c> and service account.
/// </summary>
internal sealed record GcpCredConfigSite(JsonNode Selector, string Field, string EndpointField, string? Audience, string? Email, string? ExternalTokenEndpoint);
