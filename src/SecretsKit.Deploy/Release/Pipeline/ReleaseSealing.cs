using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Sealing;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// <c>--secrets-as</c>: decrypted values never reach helm (placeholders do), and the Secrets holding them are sealed for
/// the cluster. <paramref name="Recipients"/> plans the encryption for a release's sealed path, as <c>encrypt</c> would for
/// that file (key flags, else its <c>.sops.yaml</c> creation rule); <paramref name="Environment"/> and
/// <paramref name="Processes"/> reach the cluster (the agent's readiness) with the caller's kubeconfig.
/// </summary>
public sealed record ReleaseSealing(SealFormat Format, Func<string, EncryptionSettings> Recipients, IEnvironment Environment, IProcessRunner Processes)
{
    /// <summary>The SopsSecrets' <c>spec.decryption.keySecretRef</c> (<c>--key-secret NAME[/KEY]</c>); null: cloud keys only.</summary>
    public SopsSecretKeyRef? KeySecret { get; init; }

    /// <summary><c>render --allow-plaintext-secrets</c>: a Secret with data but no decrypted value is written as it is instead of refused.</summary>
    public bool AllowPlaintextSecrets { get; init; }

    /// <summary><c>render --out</c>: a directory (one file per release), or <c>-</c> for one stream on stdout.</summary>
    public string? Out { get; init; }

    /// <summary>How helm runs this program's post-renderer (its own executable, and the arguments before <c>post-renderer</c>).</summary>
    public SelfCommand? Self { get; init; }

    /// <summary>
    /// The path whose creation rule names a release's recipients: the file <c>render --out DIR</c> writes
    /// (<c>DIR/NAMESPACE_NAME.yaml</c>), else <c>clusters/ENV/NAMESPACE_NAME.yaml</c> under the state file's directory.
    /// </summary>
    public string SealedPath(string stateDirectory, string environment, string ns, string name) =>
        Out is { Length: > 0 } dir and not "-"
            ? Path.GetFullPath(Path.Combine(dir, FileName(ns, name)), Environment.CurrentDirectory)
            : Path.Combine(stateDirectory, "clusters", environment, FileName(ns, name));

    /// <summary><c>NAMESPACE_NAME.yaml</c>: <c>_</c> is in no namespace or release name, so two releases never share a file.</summary>
    public static string FileName(string ns, string name) => $"{ns}_{name}.yaml";
}

/// <summary>This program as a child process: the executable and the arguments before a verb (<c>dotnet secretskit.dll</c> is <c>dotnet</c> and <c>[secretskit.dll]</c>).</summary>
public sealed record SelfCommand(string Path, IReadOnlyList<string> Arguments);
