using SecretsKit.Core.Formats;

namespace SecretsKit.Core.Operations;

/// <summary>
/// <c>clone SRC DST</c>: a SOPS file's values decrypted in memory and encrypted again under the target's keys with a
/// fresh data key (<see cref="SopsEngine.EncryptAsync"/>), or, with <c>keysOnly</c>, its key paths with
/// <see cref="KeyPlaceholders.Value"/> for every value (nothing decrypted). The plaintext tree never leaves this call.
/// </summary>
public sealed class SecretFileCloner(SopsEngine engine)
{
    public async Task<EncryptedFile> CloneAsync(EncryptedDocument source, string sourceName, EncryptionSettings target, bool keysOnly,
        DecryptOptions options, CancellationToken cancellationToken = default)
    {
        var plain = keysOnly ? KeyPlaceholders.Replace(source.Tree) : (await engine.DecryptAsync(source, sourceName, options, cancellationToken)).Plain;
        return await engine.EncryptAsync(plain, target, cancellationToken);
    }
}
