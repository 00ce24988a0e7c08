using SecretsKit.Cli.Context;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.IO;

/// <summary>Where a command's result goes: stdout, <c>--output FILE</c>, or the input file in place (atomically).</summary>
internal static class OutputTarget
{
    public static void CheckExclusive(bool inPlace, string? output)
    {
        if (inPlace && output is not null)
        {
            throw new SecretsKitException(ExitCodes.ConflictingParameters, "--in-place and --output cannot be used together");
        }
    }

    /// <param name="plaintext">true when <paramref name="content"/> is decrypted: a new file is then created 0600.</param>
    public static Task WriteAsync(byte[] content, string? inputPath, bool inPlace, string? output, bool plaintext, CliContext context, CancellationToken ct) =>
        WriteAsync(stream => stream.Write(content), inputPath, inPlace, output, plaintext, context, ct);

    /// <summary>
    /// As <see cref="WriteAsync(byte[], string?, bool, string?, bool, CliContext, CancellationToken)"/>, the content
    /// streamed by <paramref name="write"/> (an emitter writing as it goes): to stdout directly, to a file through a temp
    /// file in the same directory that replaces it only once <paramref name="write"/> has returned.
    /// </summary>
    public static async Task WriteAsync(Action<Stream> write, string? inputPath, bool inPlace, string? output, bool plaintext, CliContext context, CancellationToken ct)
    {
        var mode = plaintext ? AtomicFile.PrivateMode : AtomicFile.DefaultMode;
        if (inPlace)
        {
            if (InputFile.IsStdin(inputPath))
            {
                throw new SecretsKitException(ExitCodes.ConflictingParameters, "--in-place needs a file, not stdin");
            }
            context.WriteFile(inputPath!, write, mode);
        }
        else if (output is not null)
        {
            context.WriteFile(output, write, mode);
        }
        else
        {
            ct.ThrowIfCancellationRequested();
            write(context.Stdout);
            await context.Stdout.FlushAsync(ct);
        }
    }
}
