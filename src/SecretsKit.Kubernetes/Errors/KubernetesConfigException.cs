using SecretsKit.Core.Errors;

namespace SecretsKit.Kubernetes.Errors;

/// <summary>The client could not be configured: a kubeconfig that cannot be read or parsed, a missing context, a failing exec plugin.</summary>
public sealed class KubernetesConfigException(string message, string? hint = null, Exception? inner = null)
    : SecretsKitException(ExitCodes.ErrorReadingConfig, message, hint, inner);
