namespace SecretsKit.Core.Age;

/// <summary>Asks the user for the passphrase of an encrypted age identity file.</summary>
public interface IPassphraseReader
{
    /// <summary>Returns the passphrase; throws <see cref="AgeException"/> when none can be obtained.</summary>
    Task<string> ReadPassphraseAsync(string prompt, CancellationToken cancellationToken = default);
}
