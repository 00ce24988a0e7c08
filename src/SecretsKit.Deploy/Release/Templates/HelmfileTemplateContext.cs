using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Release.Templates;

/// <summary>
/// Where helmfile's template functions read from: the environment, the state file's directory, processes, and (for
/// <c>fetchSecretValue</c>/<c>expandSecretRefs</c>) a resolver of <c>ref+…</c> references.
/// </summary>
public sealed record HelmfileTemplateContext(IEnvironment Environment, string BaseDirectory, IProcessRunner Processes, bool AllowExec)
{
    /// <summary>Resolves one <c>ref+…</c> reference to its value; null when the run has no reference backends.</summary>
    public Func<string, string>? ResolveReference { get; init; }
}
