using SecretsKit.Core.Errors;

namespace SecretsKit.Cli.Infrastructure;

/// <summary>Reads the command's input: a file, or stdin when no file (or "-") is given.</summary>
internal static class InputFile
{
    public static bool IsStdin(string? path) => string.IsNullOrEmpty(path) || path == "-";

    public static async Task<byte[]> ReadAsync(string? path, CliContext context, CancellationToken ct)
    {
        if (IsStdin(path))
        {
            using var ms = new MemoryStream();
            await context.Stdin.CopyToAsync(ms, ct);
            return ms.ToArray();
        }
        var full = context.FullPath(path!);
        try
        {
            return await File.ReadAllBytesAsync(full, ct);
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
