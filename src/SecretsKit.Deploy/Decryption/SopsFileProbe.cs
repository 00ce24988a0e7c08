using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;
using SecretsKit.Core.Operations;

namespace SecretsKit.Deploy.Decryption;

/// <summary>
/// Tells SOPS files from plain ones by parsing their metadata (not by grepping), and decrypts them to the plaintext
/// bytes of the same format. Files with an unknown extension (helmfile's <c>.yaml.enc</c>) are read as YAML.
/// </summary>
public static class SopsFileProbe
{
    /// <summary>Whether <paramref name="content"/>, read as <paramref name="formatName"/>, carries sops metadata (a parse, not a grep).</summary>
    public static bool IsEncrypted(byte[] content, string formatName)
    {
        try
        {
            FormatRegistry.Create(formatName).ParseEncrypted(content);
            return true;
        }
        catch (SecretsKitException)
        {
            return false;
        }
    }

    /// <summary>
    /// The plaintext, or null when the content carries no sops metadata (it is then used as it is). <paramref name="warn"/>
    /// receives one line, never a value, when sops 3.13 would refuse the file that is read anyway (<see cref="IFormat.SopsRefusal"/>);
    /// <paramref name="dataKey"/> receives the file's data key.
    /// </summary>
    public static async Task<byte[]?> TryDecryptAsync(SopsEngine engine, DecryptOptions options, byte[] content, string fileName,
        CancellationToken cancellationToken, Action<string>? warn = null, Action<byte[]>? dataKey = null)
    {
        var name = FormatRegistry.NameForPath(fileName);
        var format = FormatRegistry.Create(name == "binary" ? "yaml" : name);
        EncryptedDocument document;
        try
        {
            document = format.ParseEncrypted(content);
        }
        catch (SecretsKitException e) when (e is MetadataNotFoundException || e.ExitCode == ExitCodes.CouldNotReadInputFile)
        {
            return null;
        }
        catch (SecretsKitException e)
        {
            throw new SecretsKitException(e.ExitCode, $"{fileName}: {e.Message}", e.Hint, e);
        }
        var decrypted = await engine.DecryptAsync(document, fileName, options, cancellationToken);
        if (warn is not null && format.SopsRefusal(content) is { } refusal) warn(refusal);
        dataKey?.Invoke(decrypted.DataKey);
        return format.EmitPlain(decrypted.Plain);
    }
}
