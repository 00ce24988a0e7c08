using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Refs;

namespace SecretsKit.Deploy.Release.State;

/// <summary>How value files are decrypted and refs resolved (the same machinery as <c>secretskit helm</c>).</summary>
public sealed record ReleaseDecryption(SopsEngine Engine, DecryptOptions Options, RefResolver? Refs)
{
    /// <summary>
    /// <c>--allow-unencrypted-secrets</c>: a file under <c>secrets:</c> with no SOPS metadata (and no <c>ref+…</c>) is used
    /// as it is. Off by default: like helm-secrets (and so helmfile), such a file is refused with <c>File is not encrypted</c>.
    /// </summary>
    public bool AllowUnencryptedSecrets { get; init; }

    /// <summary>
    /// The environment <c>http(s)://</c> files under <c>secrets:</c> (and values files) are fetched with, as helm-secrets
    /// fetches them (credentials from the URL or <c>NETRC</c>): they are then decrypted, or refused as plaintext, like local
    /// ones. Null: remote values files are left to helm, and remote secrets files cannot be used.
    /// </summary>
    public IEnvironment? Remote { get; init; }

    /// <summary>Where a one-line warning goes for a secrets file sops 3.13 would refuse but that is read anyway (never a value).</summary>
    public Action<string>? Warn { get; init; }

    /// <summary>
    /// The refusal of a plaintext file under <c>secrets:</c> (helm-secrets' words, exit 1), naming where it is listed.
    /// The hint leads with the fix that keeps it secret, encrypting it in place (<paramref name="localPath"/>: the path to
    /// give <c>encrypt -i</c>; null for a remote file, encrypted where it is served from), and names the way around the
    /// refusal only with what it costs.
    /// </summary>
    public static SecretsKitException NotEncrypted(string where, string file, string? localPath) =>
        new(ExitCodes.Generic, $"{where}: File is not encrypted: {file}",
            (localPath is null
                ? "encrypt it where it is served from (secretskit encrypt -i FILE, with the keys of the .sops.yaml there)"
                : $"encrypt it in place, with the keys .sops.yaml's creation_rules give it: secretskit encrypt -i {ShellWords.Quote(localPath)}")
            + "; --allow-unencrypted-secrets (or moving it under values:) would deploy it as it is, its values readable by anyone who can read the file or the repository");
}
