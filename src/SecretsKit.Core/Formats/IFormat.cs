using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Formats;

/// <summary>
/// One file format (sops "store"): YAML, JSON, dotenv, INI or binary. Formats only move between bytes and trees;
/// the metadata block travels as a nested <see cref="TreeBranch"/> (flattened on the way for INI and dotenv).
/// </summary>
public interface IFormat
{
    /// <summary><c>yaml</c>, <c>json</c>, <c>dotenv</c>, <c>ini</c> or <c>binary</c>.</summary>
    string Name { get; }

    /// <summary>Parses a plaintext file. Throws <see cref="Errors.MalformedFileException"/> (exit 2) on bad input.</summary>
    SopsTree ParsePlain(byte[] input);

    /// <summary>Parses an encrypted file and splits off its metadata. Throws (exit 1, "sops metadata not found") when absent.</summary>
    EncryptedDocument ParseEncrypted(byte[] input);

    /// <summary>
    /// <see cref="ParseEncrypted(byte[])"/> of bytes the caller does not need afterwards: a format may let go of them
    /// (<see cref="ReleasableInput.Release"/>) as soon as it no longer reads them, so they are not alive for the rest of
    /// the parse (YAML does when every folded value is an encrypted one). The result is the same.
    /// </summary>
    EncryptedDocument ParseEncrypted(ReleasableInput input) => ParseEncrypted(input.Bytes);

    byte[] EmitPlain(SopsTree tree);

    /// <summary>
    /// Writes the bytes of <see cref="EmitPlain(SopsTree)"/> to <paramref name="output"/>, as they are made where the format
    /// can (every built-in format does), so a large document is never held in memory whole. Any error about the tree is
    /// raised before the first byte is written.
    /// </summary>
    void EmitPlain(SopsTree tree, Stream output) => output.Write(EmitPlain(tree));

    /// <summary>Emits values plus the metadata block (appended to every YAML document).</summary>
    byte[] EmitEncrypted(SopsTree tree, TreeBranch metadata);

    /// <summary>Writes the bytes of <see cref="EmitEncrypted(SopsTree, TreeBranch)"/> to <paramref name="output"/>, as <see cref="EmitPlain(SopsTree, Stream)"/> does.</summary>
    void EmitEncrypted(SopsTree tree, TreeBranch metadata, Stream output) => output.Write(EmitEncrypted(tree, metadata));

    /// <summary>Emits one extracted value (<c>--extract</c>): a string raw, a mapping as a document, others per format.</summary>
    byte[] EmitValue(TreeNode value);

    /// <summary>The example document <c>edit</c> opens for a new file.</summary>
    SopsTree ExampleTree { get; }

    /// <summary>
    /// Why sops 3.13 would refuse input that this format reads anyway, in one line naming no value (a line number, a
    /// code point), or null. Callers warn and go on; where sops would read the data differently, the reader follows
    /// sops instead (see docs/hostile-input.md).
    /// </summary>
    string? SopsRefusal(ReadOnlySpan<byte> input) => null;
}
