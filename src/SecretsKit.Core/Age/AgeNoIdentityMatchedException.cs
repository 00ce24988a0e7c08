using SecretsKit.Core.Errors;

namespace SecretsKit.Core.Age;

/// <summary>None of the identities opened any recipient stanza of the file (age's <c>NoIdentityMatchError</c>).</summary>
public sealed class AgeNoIdentityMatchedException(IReadOnlyList<string> stanzaTypes)
    : AgeException($"no identity matched any of the recipients (stanza types: {string.Join(", ", stanzaTypes)})",
        ExitCodes.CouldNotRetrieveKey)
{
    public IReadOnlyList<string> StanzaTypes { get; } = stanzaTypes;
}
