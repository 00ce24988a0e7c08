namespace SecretsKit.Deploy.Helm;

/// <summary>
/// What decrypting one <see cref="ValueFileSource"/> gave: the plaintext helm must read instead of the source, or null
/// when the source is plain and had no <c>ref+…</c> to resolve (helm reads the source itself). <paramref name="AsIs"/>: the
/// source had no SOPS metadata and no ref (with <see cref="DecryptorSettings.RemoteCopies"/> a fetched one is still copied).
/// </summary>
internal sealed record PlainValueFile(ValueFileSource Source, byte[]? Plain, bool AsIs = false);
