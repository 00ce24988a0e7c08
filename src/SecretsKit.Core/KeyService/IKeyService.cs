using SecretsKit.Core.Keys;

namespace SecretsKit.Core.KeyService;

/// <summary>
/// A remote sops key service (<c>--keyservice tcp://…</c> or <c>unix:///…</c>): wraps and unwraps a data key with a key the
/// service holds. A service that is down, refuses or fails throws <see cref="KeyServiceException"/> naming itself.
/// </summary>
public interface IKeyService
{
    /// <summary>How the user named the service (<c>tcp://127.0.0.1:5000</c>).</summary>
    string Name { get; }

    /// <summary>The <c>enc</c> text's bytes for <paramref name="plaintext"/> wrapped with <paramref name="key"/>.</summary>
    Task<byte[]> EncryptAsync(MasterKeyEntry key, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken);

    /// <summary>The data key (or share) from the <c>enc</c> text's bytes <paramref name="ciphertext"/>.</summary>
    Task<byte[]> DecryptAsync(MasterKeyEntry key, ReadOnlyMemory<byte> ciphertext, CancellationToken cancellationToken);
}
