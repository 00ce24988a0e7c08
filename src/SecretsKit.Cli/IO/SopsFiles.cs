using SecretsKit.Cli.Context;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Operations;

namespace SecretsKit.Cli.IO;

/// <summary>
/// Reading and decrypting a sops file in a command: the warning when sops 3.13 would refuse the bytes, the hint for a file
/// cut short, and the <c>--verbose</c> log lines (<see cref="CliContext.Step"/>).
/// </summary>
internal static class SopsFiles
{
    /// <summary>Decrypts a file's bytes (see <see cref="SecretFileReader"/>), logging the step with <c>--verbose</c>.</summary>
    public static Task<DecryptedFile> DecryptAsync(CliContext context, byte[] bytes, string fileName, IFormat format, DecryptOptions options, CancellationToken ct) =>
        DecryptAsync(context, Parse(context, bytes, fileName, format), fileName, options, ct);

    /// <summary>
    /// Reads an encrypted file's values and metadata, warning when sops would refuse it; the bytes are not needed after
    /// it returns (a caller that drops them keeps only the parsed document alive while decrypting).
    /// </summary>
    public static EncryptedDocument Parse(CliContext context, byte[] bytes, string fileName, IFormat format) =>
        Parse(context, new ReleasableInput(bytes), fileName, format);

    /// <summary>
    /// <see cref="Parse(CliContext, byte[], string, IFormat)"/> of bytes only the format holds on to: it may let go of them
    /// part way through the parse (<see cref="IFormat.ParseEncrypted(ReleasableInput)"/>), so no frame here reads them.
    /// </summary>
    public static EncryptedDocument Parse(CliContext context, ReleasableInput input, string fileName, IFormat format)
    {
        var holdsEncryptedValues = WarnIfSopsRefuses(context, input, fileName, format);
        try
        {
            return SecretFileReader.Parse(input, fileName, format);
        }
        catch (MetadataNotFoundException e) when (holdsEncryptedValues)
        {
            // Encrypted values without their metadata: the file was cut or badly merged, not "not encrypted".
            throw e.WithHint("the file holds encrypted values (ENC[...]) but no 'sops' block: it was cut short or badly merged; restore it from version control (do not encrypt it again)");
        }
    }

    public static async Task<DecryptedFile> DecryptAsync(CliContext context, EncryptedDocument document, string fileName, DecryptOptions options, CancellationToken ct)
    {
        var decrypted = await context.Engine.DecryptAsync(document, fileName, options, ct);
        context.Step("SOPS", "Data key recovered successfully");
        return decrypted;
    }

    /// <summary>With <c>--verbose</c>, one line per master key the data key was just encrypted with.</summary>
    public static void LogEncryptedWith(CliContext context, SopsMetadata metadata)
    {
        if (!context.Verbose) return;
        foreach (var key in metadata.KeyGroups.SelectMany(g => g))
        {
            var kind = context.Registry.Find(key.KeyType)?.Kind;
            var id = kind?.LogField is { } field ? key.Field(field) : "";
            context.Step(key.KeyType.ToUpperInvariant(), "Encryption succeeded", id.Length == 0 ? null : $"{kind!.LogLabel ?? kind.LogField}={id}");
        }
    }

    /// <summary>Warns, once per file read, when sops 3.13 would refuse the bytes that <paramref name="format"/> reads anyway.</summary>
    public static void WarnIfSopsRefuses(CliContext context, byte[] bytes, string fileName, IFormat format)
    {
        if (format.SopsRefusal(bytes) is { } refusal) context.Warn($"{fileName}: {refusal}");
    }

    // Its own frame (see Parse): warns as WarnIfSopsRefuses does and says whether the input holds an ENC[…] value.
    private static bool WarnIfSopsRefuses(CliContext context, ReleasableInput input, string fileName, IFormat format)
    {
        var bytes = input.Bytes;
        WarnIfSopsRefuses(context, bytes, fileName, format);
        return bytes.AsSpan().IndexOf("ENC[AES256_GCM,"u8) >= 0;
    }
}
