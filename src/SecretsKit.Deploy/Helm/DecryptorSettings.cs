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
/// With <paramref name="HelmSecretsLayout"/> (the helm-secrets drop-in) a local file's plaintext in the private dir is
/// named after its source (<c>&lt;dir&gt;/&lt;n&gt;/&lt;source path&gt;&lt;suffix&gt;</c>) and each removal is logged
/// (<c>Removed: …</c>), so logs read as helm-secrets' do; the plaintext still never leaves the private directory.
/// <paramref name="FlatNames"/> is helm-secrets' <c>--decrypt-secrets-in-tmp-dir</c> naming: <c>&lt;n&gt;/&lt;source dir with / as _&gt;_&lt;name&gt;&lt;suffix&gt;</c>.
/// <paramref name="RemoteCopies"/>: a fetched remote file is handed to helm as its private copy even when it is plain, so
/// helm never fetches it again (nor sees credentials in its URL); <see cref="DecryptedValueFiles.UsedAsIs"/> still tells it was plain.
/// <paramref name="Warn"/> receives a one-line warning (no value) for a file sops 3.13 would refuse but that is read anyway.
/// <paramref name="Trace"/> receives sops's <c>--verbose</c> lines (<c>Data key recovered successfully</c>), never a value.
/// <paramref name="DataKey"/> receives each SOPS file's data key with its source (full path or URL), for the release
/// pipeline's placeholder key (<c>--secrets-as</c>); it is never written anywhere.
/// </summary>
public sealed record DecryptorSettings(bool NextToSource = false, string DecSuffix = ".dec", Action<string>? Log = null, RefResolver? Refs = null,
    string? TempParent = null, IEnvironment? Remote = null, bool HelmSecretsLayout = false, Action<string>? Trace = null,
    bool FlatNames = false, bool RemoteCopies = false, Action<string>? Warn = null, Action<string, byte[]>? DataKey = null);
