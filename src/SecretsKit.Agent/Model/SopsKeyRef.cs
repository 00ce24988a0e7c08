namespace SecretsKit.Agent.Model;

/// <summary><c>spec.decryption.keySecretRef</c>: a Secret in the SopsSecret's own namespace holding age identities.</summary>
/// <param name="Key">The data key to read; null = every <c>*.agekey</c> entry of the Secret.</param>
internal sealed record SopsKeyRef(string Name, string? Key);
