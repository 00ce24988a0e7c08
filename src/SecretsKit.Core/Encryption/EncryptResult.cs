using SecretsKit.Core.Tree;
using SecretsKit.Core.Crypto;

namespace SecretsKit.Core.Encryption;

/// <summary>The tree after a cipher walk and the MAC (uppercase hex SHA-512) computed over its plaintext values.</summary>
public sealed record CipherWalkResult(SopsTree Tree, string MacHex);
