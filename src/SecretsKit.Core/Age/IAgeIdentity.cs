namespace SecretsKit.Core.Age;

/// <summary>
/// Unwraps the file key from a file's stanzas (age's <c>Identity</c>). Returns null when no stanza is for this
/// identity ("incorrect identity"); throws <see cref="AgeException"/> when a stanza for it is malformed.
/// </summary>
public interface IAgeIdentity
{
    byte[]? Unwrap(IReadOnlyList<AgeStanza> stanzas);
}
