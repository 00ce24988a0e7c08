using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;

namespace SecretsKit.Core.Operations;

/// <summary>Parses an encrypted file in a given format and decrypts it; errors name the file.</summary>
public sealed class SecretFileReader(SopsEngine engine)
{
    public async Task<DecryptedFile> DecryptAsync(byte[] content, string fileName, IFormat format, DecryptOptions options, CancellationToken cancellationToken = default)
    {
        var document = Parse(content, fileName, format);
        return await engine.DecryptAsync(document, fileName, options, cancellationToken);
    }

    public static EncryptedDocument Parse(byte[] content, string fileName, IFormat format) => Parse(new ReleasableInput(content), fileName, format);

    /// <summary><see cref="Parse(byte[], string, IFormat)"/> of bytes the format may let go of (<see cref="IFormat.ParseEncrypted(ReleasableInput)"/>).</summary>
    public static EncryptedDocument Parse(ReleasableInput content, string fileName, IFormat format)
    {
        try
        {
            return format.ParseEncrypted(content);
        }
        // A format never names the file (it is not told the name), so its errors get the name in front (none for an unnamed input).
        catch (MetadataNotFoundException e) when (fileName.Length > 0)
        {
            throw e.InFile(fileName);
        }
        catch (SecretsKitException e) when (fileName.Length > 0)
        {
            throw new SecretsKitException(e.ExitCode, $"{fileName}: {e.Message}", e.Hint, e);
        }
    }
}
