using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.YamlPreserving;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Operations;

/// <summary>
/// Writes a plaintext or encrypted YAML file in the layout of the file it came from (<see cref="PreservingYamlDocument"/>),
/// falling back to the standard layout of <c>fallback</c> when the layout cannot be kept or the formats are not YAML.
/// </summary>
public static class LayoutPreservingWriter
{
    /// <summary>The encrypted file in the layout of <paramref name="layoutSource"/> (its plaintext or an earlier encrypted version).</summary>
    public static byte[] Encrypted(byte[] layoutSource, IFormat sourceFormat, EncryptedFile file, IFormat output, out bool preserved)
    {
        var result = PreservingYamlDocument.Supports(sourceFormat) && PreservingYamlDocument.Supports(output)
            ? PreservingYamlDocument.TryApply(layoutSource, PreservingYamlDocument.WithMetadata(file.Tree, MetadataWriter.Write(file.Metadata)))
            : null;
        preserved = result is not null;
        return result ?? file.Emit(output);
    }

    /// <summary>The plaintext in the layout of the encrypted file <paramref name="encryptedSource"/>.</summary>
    public static byte[] Plain(byte[] encryptedSource, IFormat sourceFormat, SopsTree plain, IFormat output, out bool preserved)
    {
        var result = PreservingYamlDocument.Supports(sourceFormat) && PreservingYamlDocument.Supports(output) ? PreservingYamlDocument.TryApply(encryptedSource, plain) : null;
        preserved = result is not null;
        return result ?? output.EmitPlain(plain);
    }
}
