namespace SecretsKit.Kubernetes.Auth;

/// <summary>An <c>exec</c> credential plugin: command, args, env, expected apiVersion and install hint.</summary>
public sealed record KubeConfigExec(
    string Command,
    IReadOnlyList<string> Args,
    IReadOnlyList<KeyValuePair<string, string>> Env,
    string? ApiVersion,
    string? InstallHint);
