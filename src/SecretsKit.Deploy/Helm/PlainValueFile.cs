namespace SecretsKit.Deploy.Helm;

/// <summary>
/// What decrypting one <see cref="ValueFileSource"/> gave: the plaintext helm must read instead of the source, or null
/// when the source is plain and had no <c>ref+…</c> to resolve (helm reads the source itself).
/// </summary>
internal sealed record PlainValueFile(ValueFileSource Source, byte[]? Plain);
