using SecretsKit.Deploy.Refs;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// Where plaintext goes: a private per-run temp dir (default) or, for helm-secrets compatibility, <c>FILE&lt;suffix&gt;</c>
/// next to the source (an existing one is reused and never deleted). <paramref name="Log"/> receives file names only.
/// With <paramref name="Refs"/>, whole-value <c>ref+…</c> references in YAML value files (plain or decrypted) are
/// resolved into the private copy; the source file is never changed.
/// </summary>
public sealed record DecryptorSettings(bool NextToSource = false, string DecSuffix = ".dec", Action<string>? Log = null, RefResolver? Refs = null);
