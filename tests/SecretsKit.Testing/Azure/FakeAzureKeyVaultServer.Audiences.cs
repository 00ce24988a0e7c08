using System.Collections.Concurrent;

namespace SecretsKit.Testing.Azure;

/// <summary>
/// The audience each token from the fake's token endpoint was asked for (its scope without <c>/.default</c>), so a
/// fake of another Azure service that trusts this directory (<see cref="ServiceBus.FakeServiceBusServer.TrustedIssuer"/>)
/// can refuse a token meant for Key Vault, as the real services do.
/// </summary>
public sealed partial class FakeAzureKeyVaultServer
{
    private readonly ConcurrentDictionary<string, string> _audiences = new(StringComparer.Ordinal);

    /// <summary>The audience of a live token issued here; null for an unknown or expired token, or one issued without a scope.</summary>
    public string? TokenAudience(string token) =>
        _tokens.TryGetValue(token, out var expires) && expires > DateTimeOffset.UtcNow && _audiences.TryGetValue(token, out var audience) ? audience : null;
}
