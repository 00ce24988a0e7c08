using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Azure.Auth;

/// <summary>
/// One <c>spec.provider.azurekv.authType</c>: its value, the fields of the section it reads and how it builds the
/// store's Entra ID identity: the environment <see cref="AzureCredentialFactory"/> reads and the client options (which may
/// carry the credential itself). Listed once in <see cref="AzureAuthMethods.All"/>.
/// </summary>
internal sealed record AzureAuthSpec(string AuthType, IReadOnlyList<string> Fields,
    Func<ProviderSpec, CancellationToken, Task<(IEnvironment Environment, CloudKeyOptions Options)>> CreateAsync);
