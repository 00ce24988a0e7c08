using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Commands.HelmSecrets;

/// <summary>The kinds of secret backend helm-secrets 4 knows.</summary>
internal enum HelmSecretsBackendKind
{
    /// <summary>sops: SecretsKit's built-in core (no sops binary).</summary>
    Sops,

    /// <summary>noop: files are used as they are.</summary>
    Noop,

    /// <summary>vals: the <c>vals</c> binary on PATH (or <c>HELM_SECRETS_VALS_PATH</c>).</summary>
    Vals,

    /// <summary>A custom backend script, sourced by a POSIX shell as helm-secrets sources it (see scripts/lib/backends/_custom.sh).</summary>
    Custom,
}

/// <summary>
/// A secret backend named by <c>-b/--backend</c>, <c>HELM_SECRETS_BACKEND</c> or a <c>backend!file</c> prefix, checked as
/// helm-secrets checks it: first against <c>HELM_SECRETS_ALLOWED_BACKENDS</c> (<c>secret backend 'X' not allowed</c>),
/// then a built-in name or an existing script file (<c>Can't find secret backend: X</c>).
/// </summary>
internal sealed record HelmSecretsBackend(string Name, HelmSecretsBackendKind Kind)
{
    public static readonly HelmSecretsBackend Sops = new("sops", HelmSecretsBackendKind.Sops);

    public static HelmSecretsBackend Resolve(string name, IEnvironment env)
    {
        if (env.Get("HELM_SECRETS_ALLOWED_BACKENDS") is { Length: > 0 } allowed
            && !allowed.Split(',').Contains(name, StringComparer.Ordinal))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"secret backend '{name}' not allowed");
        }
        return name switch
        {
            "sops" => Sops,
            "noop" => new HelmSecretsBackend(name, HelmSecretsBackendKind.Noop),
            "vals" => new HelmSecretsBackend(name, HelmSecretsBackendKind.Vals),
            _ when name.Length > 0 && File.Exists(Path.GetFullPath(name, env.CurrentDirectory)) =>
                new HelmSecretsBackend(Path.GetFullPath(name, env.CurrentDirectory), HelmSecretsBackendKind.Custom),
            _ => throw new SecretsKitException(ExitCodes.Generic, $"Can't find secret backend: {name}"),
        };
    }

    /// <summary>Whether <paramref name="name"/> (the part before <c>!</c> in a value-file spec) names a backend at all.</summary>
    public static bool IsBackend(string name, IEnvironment env) =>
        name is "sops" or "noop" or "vals" || (name.Length > 0 && File.Exists(Path.GetFullPath(name, env.CurrentDirectory)));
}
