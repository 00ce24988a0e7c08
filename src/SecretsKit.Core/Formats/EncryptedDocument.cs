using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Formats;

/// <summary>An encrypted file split into its (still encrypted) values and its nested metadata branch.</summary>
public sealed record EncryptedDocument(SopsTree Tree, TreeBranch Metadata);
