using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.Hosting;

/// <summary>The agent's command line is unusable (unknown flag, missing or malformed value); exit code 1 like other agent errors.</summary>
internal sealed class AgentUsageException(string message)
    : SecretsKitException(ExitCodes.Generic, message, "run 'secretskit-agent --help' for the flags");
