using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.Hosting;

/// <summary>The agent cannot start: no usable kubeconfig, an API server that does not answer or refuses it, a port in use. Exit code 1.</summary>
internal sealed class AgentStartupException(string message, string? hint, Exception? inner = null)
    : SecretsKitException(ExitCodes.Generic, message, hint, inner);
