using SecretsKit.Core.Platform;

namespace SecretsKit.Core.GoTemplate.Functions;

/// <summary>Where helmfile's template functions read from: the environment, the state file's directory, processes.</summary>
public sealed record HelmfileTemplateContext(IEnvironment Environment, string BaseDirectory, IProcessRunner Processes, bool AllowExec);
