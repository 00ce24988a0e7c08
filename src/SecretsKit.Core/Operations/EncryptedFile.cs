using SecretsKit.Core.Formats;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Operations;

/// <summary>An encrypted tree and its metadata, ready to emit.</summary>
public sealed record EncryptedFile(SopsTree Tree, SopsMetadata Metadata)
{
    public byte[] Emit(IFormat format) => format.EmitEncrypted(Tree, MetadataWriter.Write(Metadata));

    /// <summary>Writes the file to <paramref name="output"/> as it is emitted.</summary>
    public void Emit(IFormat format, Stream output) => format.EmitEncrypted(Tree, MetadataWriter.Write(Metadata), output);
}
