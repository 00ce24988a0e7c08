using SecretsKit.Core.Keys;

namespace SecretsKit.Core.KeyService;

/// <summary>
/// An <c>EncryptRequest</c> or <c>DecryptRequest</c>: the key as a metadata entry (type and fields as sops stores them,
/// without <c>enc</c>) and the plaintext or ciphertext (the <c>enc</c> text's bytes).
/// </summary>
public sealed record KeyServiceRequest(MasterKeyEntry Key, byte[] Data);
