using SecretsKit.Core.Errors;

namespace SecretsKit.Core.Stores;

/// <summary>A push would overwrite a remote secret that exists without the <see cref="PushOwnership"/> marker.</summary>
public sealed class SecretNotManagedException(string provider, string key)
    : SecretsKitException(ExitCodes.Generic,
        $"{provider}: secret '{key}' exists and is not managed by secretskit (no {PushOwnership.Key}: {PushOwnership.Value}); it is left untouched");
