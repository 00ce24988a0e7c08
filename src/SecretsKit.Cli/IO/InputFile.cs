using SecretsKit.Cli.Context;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.IO;

/// <summary>
/// Reads the command's input: a file, or stdin when no file (or "-") is given. The read is synchronous on purpose:
/// inputs are small, and File.ReadAllBytesAsync starts a thread-pool worker (its completion runs there), which was
/// ~10% of a native decrypt's start-up. Either is read up to <see cref="BoundedInput.MaxDocumentBytes"/> (1 GiB), so
/// <c>/dev/zero</c> or an endless pipe is refused with one line instead of being read until memory runs out.
/// </summary>
internal static class InputFile
{
    public static bool IsStdin(string? path) => string.IsNullOrEmpty(path) || path == "-";

    public static Task<byte[]> ReadAsync(string? path, CliContext context, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(Read(path, context));
    }

    /// <summary>The whole input, read synchronously (see the class summary).</summary>
    public static byte[] Read(string? path, CliContext context)
    {
        if (IsStdin(path))
        {
            return BoundedInput.ReadAll(context.Stdin, "standard input");
        }
        var full = context.FullPath(path!);
        try
        {
            return BoundedInput.ReadFile(full, path!);
        }
        catch (FileNotFoundException)
        {
            throw new SecretsKitException(ExitCodes.NoFileSpecified, $"cannot operate on non-existent file {path}");
        }
        catch (DirectoryNotFoundException)
        {
            throw new SecretsKitException(ExitCodes.NoFileSpecified, $"cannot operate on non-existent file {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SecretsKitException(ExitCodes.CouldNotReadInputFile, $"cannot read {path}: {e.Message}");
        }
    }
}
