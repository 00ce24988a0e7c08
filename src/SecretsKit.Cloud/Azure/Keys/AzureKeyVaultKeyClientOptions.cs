using Azure.Core;

namespace SecretsKit.Cloud.Azure.Keys;

/// <summary>Options for our hand-written Key Vault keys client (the Keys SDK is not available).</summary>
internal sealed class AzureKeyVaultKeyClientOptions : ClientOptions;
