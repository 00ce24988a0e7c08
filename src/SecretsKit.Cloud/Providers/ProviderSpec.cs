using System.Text.Json.Nodes;

namespace SecretsKit.Cloud.Providers;

/// <summary>One store to build: its name (for messages), its <c>spec.provider.&lt;name&gt;</c> section, where secret references are read, and client settings.</summary>
public sealed record ProviderSpec(string StoreName, JsonObject Spec, IStoreCredentials Credentials, ProviderContext Context);
