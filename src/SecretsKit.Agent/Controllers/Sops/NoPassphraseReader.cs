using SecretsKit.Core.Age;

namespace SecretsKit.Agent.Controllers.Sops;

/// <summary>The agent has no terminal: a passphrase-protected identity in a key Secret is refused with a clear message.</summary>
internal sealed class NoPassphraseReader : IPassphraseReader
{
    public static NoPassphraseReader Instance { get; } = new();

    public Task<string> ReadPassphraseAsync(string prompt, CancellationToken cancellationToken = default) =>
        throw new AgeException("passphrase-protected age identities cannot be used by the agent; store the plain AGE-SECRET-KEY-1… identity in the key Secret");
}
