using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Release.Pipeline;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// What loading a state depends on: the environment (<c>-e</c>, default <c>default</c>), <c>--state-values-set</c> /
/// <c>--state-values-file</c>, whether templates may <c>exec</c>, and the process environment, processes and
/// decryption used by templates and <c>secrets:</c>.
/// </summary>
public sealed record StateLoadOptions(
    string Environment,
    IReadOnlyList<string> StateValuesSet,
    IReadOnlyList<string> StateValuesFiles,
    bool AllowExec,
    IEnvironment ProcessEnvironment,
    IProcessRunner Processes,
    ReleaseDecryption Decryption)
{
    public const string DefaultEnvironment = "default";

    /// <summary>Where warnings (unknown keys, missing files under Warn) go.</summary>
    public Action<string> Warn { get; init; } = _ => { };

    /// <summary><c>--state-values-set-string a.b=v</c>: applied after <see cref="StateValuesSet"/>, every value kept a string.</summary>
    public IReadOnlyList<string> StateValuesSetString { get; init; } = [];

    /// <summary>Where Info/Debug messages (missing files under Info/Debug) go.</summary>
    public Action<string> Info { get; init; } = _ => { };

    /// <summary>
    /// Whether a release's <c>*.gotmpl</c> values files are rendered while loading. helmfile renders them only when it
    /// builds helm's arguments (template, diff, apply, sync…); <c>list</c> and <c>show-dag</c> read the state without
    /// them, so an <c>exec</c> in a values file needs no <c>--allow-exec</c> there (the state's own templates still do).
    /// </summary>
    public bool RenderValuesFiles { get; init; } = true;

    /// <summary>
    /// Load the state without any private key: the environment's <c>secrets:</c> are not decrypted but read for their keys,
    /// each value its stored <c>ENC[…]</c> text (templates that only name them still render). The recipient check loads
    /// every environment this way to learn which secrets files it reads.
    /// </summary>
    public bool KeylessSecrets { get; init; }
}
