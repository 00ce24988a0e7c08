namespace SecretsKit.Core.Tests.Crypto.Support;

/// <summary>
/// Data keys of the real sops fixtures, unwrapped once per test class with the real gpg (throwaway GNUPGHOME) and
/// Debian age.
/// </summary>
public sealed class FixtureKeys : IDisposable
{
    private readonly GnupgHome _gpg = GnupgHome.CreateAsync("pgp-functional-tests-keys.asc", "sopsnix-pgp-7FB89715-private.asc").GetAwaiter().GetResult();
    private readonly Dictionary<string, byte[]> _cache = [];
    private readonly Lock _lock = new();

    /// <summary>Decrypts an armored PGP message (a data key) with gpg.</summary>
    public byte[] Pgp(string armored)
    {
        lock (_lock)
        {
            if (!_cache.TryGetValue(armored, out var key))
            {
                key = _gpg.DecryptAsync(armored).GetAwaiter().GetResult();
                _cache[armored] = key;
            }
            return key;
        }
    }

    public void Dispose() => _gpg.Dispose();
}
