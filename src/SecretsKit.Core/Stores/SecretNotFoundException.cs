using SecretsKit.Core.Errors;

namespace SecretsKit.Core.Stores;

/// <summary>The secret (or property, or version) does not exist at the provider. Drives deletion policy.</summary>
public sealed class SecretNotFoundException(string provider, string key, string? detail = null)
    : SecretsKitException(ExitCodes.Generic, $"{provider}: secret '{Errors.Echo.Bounded(key)}' not found{(detail is null ? "" : ": " + detail)}");
