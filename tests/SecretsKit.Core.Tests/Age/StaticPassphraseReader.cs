using SecretsKit.Core.Age;

namespace SecretsKit.Core.Tests.Age;

/// <summary>A passphrase source for tests (CI has no terminal): returns a fixed passphrase and counts the prompts.</summary>
internal sealed class StaticPassphraseReader(string passphrase) : IPassphraseReader
{
    private int _prompts;

    public int Prompts => _prompts;

    public Task<string> ReadPassphraseAsync(string prompt, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _prompts);
        return Task.FromResult(passphrase);
    }
}
