namespace SecretsKit.Core.Age;

/// <summary>Wraps a 16-byte file key into one or more stanzas (age's <c>Recipient</c>).</summary>
public interface IAgeRecipient
{
    IReadOnlyList<AgeStanza> Wrap(byte[] fileKey);
}
