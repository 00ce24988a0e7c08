using SecretsKit.Core.Formats;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Operations;

/// <summary>An encrypted tree and its metadata, ready to emit.</summary>
public sealed record EncryptedFile(SopsTree Tree, SopsMetadata Metadata)
{
    public byte[] Emit(IFormat format) => format.EmitEncrypted(Tree, MetadataWriter.Write(Metadata));
}
