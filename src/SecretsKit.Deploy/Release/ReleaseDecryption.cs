using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Refs;

namespace SecretsKit.Deploy.Release;

/// <summary>How value files are decrypted and refs resolved (the same machinery as <c>secretskit helm</c>).</summary>
public sealed record ReleaseDecryption(SopsEngine Engine, DecryptOptions Options, RefResolver? Refs);
