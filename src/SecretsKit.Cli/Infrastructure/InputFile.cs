using SecretsKit.Core.Errors;

namespace SecretsKit.Cli.Infrastructure;

/// <summary>
/// Reads the command's input: a file, or stdin when no file (or "-") is given. The read is synchronous on purpose:
/// inputs are small, and File.ReadAllBytesAsync starts a thread-pool worker (its completion runs there), which was
/// ~10% of a native decrypt's start-up.
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
            using var ms = new MemoryStream();
            context.Stdin.CopyTo(ms);
            return ms.ToArray();
        }
        var full = context.FullPath(path!);
        try
        {
            return File.ReadAllBytes(full);
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
