using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Refs;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// Where plaintext goes: a private per-run temp dir (default; created inside <paramref name="TempParent"/> when given,
/// helm-secrets' <c>HELM_SECRETS_DEC_DIR</c>) or, for helm-secrets compatibility, <c>FILE&lt;suffix&gt;</c> next to the
/// source (an existing one is reused and never deleted). <paramref name="Log"/> receives file names only. With
/// <paramref name="Refs"/>, whole-value <c>ref+…</c> references in YAML value files (plain or decrypted) are resolved
/// into the private copy; the source file is never changed. With <paramref name="Remote"/>, <c>http(s)://</c> value
/// files are fetched (see <see cref="RemoteValueFile"/>) and decrypted when encrypted; otherwise helm fetches them.
/// </summary>
public sealed record DecryptorSettings(bool NextToSource = false, string DecSuffix = ".dec", Action<string>? Log = null, RefResolver? Refs = null,
    string? TempParent = null, IEnvironment? Remote = null);
