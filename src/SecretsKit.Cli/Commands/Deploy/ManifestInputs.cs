using System.Text;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>
/// The manifest inputs of <c>validate</c> and <c>policy</c>: files, directories (<c>*.yaml</c>, <c>*.yml</c>,
/// <c>*.json</c>, recursively, in name order) and <c>-</c> for stdin, each read up to <see cref="MaxInputBytes"/>.
/// </summary>
internal static class ManifestInputs
{
    /// <summary>Largest manifest file or stdin read.</summary>
    public const long MaxInputBytes = 64L * 1024 * 1024;

    /// <summary>Reads every input synchronously (as the other verbs do: no thread-pool hop for a few files).</summary>
    public static List<ManifestSource> Read(CliContext context, string[] inputs, CancellationToken ct)
    {
        var sources = new List<ManifestSource>();
        foreach (var input in inputs)
        {
            if (input == "-")
            {
                if (StdinIsDevice(context))
                {
                    throw new SecretsKitException(ExitCodes.Generic,
                        "stdin is a terminal or a device, not a stream of manifests: pipe them in (helm template … | secretskit validate) or name files");
                }
                sources.Add(new ManifestSource("stdin", ReadBounded(context.Stdin, "stdin", ct)));
                continue;
            }
            var full = context.FullPath(input);
            var files = Directory.Exists(full)
                ? Directory.EnumerateFiles(full, "*.*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 16 })
                    .Where(f => Path.GetExtension(f) is ".yaml" or ".yml" or ".json").Order(StringComparer.Ordinal)
                    .Select(f => (Full: f, Shown: Path.Combine(input, Path.GetRelativePath(full, f))))
                : [(full, input)];
            foreach (var (file, shown) in files)
            {
                try
                {
                    using var stream = File.OpenRead(file);
                    sources.Add(new ManifestSource(shown, ReadBounded(stream, shown, ct)));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new SecretsKitException(ExitCodes.CouldNotReadInputFile, $"{shown}: cannot read ({e.GetType().Name.Replace("Exception", "", StringComparison.Ordinal)})");
                }
            }
        }
        return sources;
    }

    /// <summary>
    /// Whether stdin is a terminal or the null device: nothing was piped in (<c>secretskit validate &lt;/dev/null</c>, or
    /// no input at all). kubeconform refuses a character-device stdin rather than report 0 documents as valid.
    /// </summary>
    private static bool StdinIsDevice(CliContext context)
    {
        if (context.StdinIsTerminal) return true;
        try
        {
            return File.ResolveLinkTarget("/proc/self/fd/0", returnFinalTarget: false)?.FullName is "/dev/null" or "/dev/zero" or "/dev/full";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // no /proc (not Linux): only a terminal is known
        }
    }

    private static string ReadBounded(Stream stream, string name, CancellationToken ct)
    {
        var chunk = new byte[81920];
        if (stream.CanSeek && stream.Length <= MaxInputBytes) return ReadFile(stream, chunk, name, ct);
        using var buffer = new MemoryStream();
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            if (buffer.Length + read > MaxInputBytes) throw new SecretsKitException(ExitCodes.CouldNotReadInputFile, $"{name}: larger than {MaxInputBytes / 1024 / 1024} MiB");
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// A file decoded chunk by chunk straight into its string, whose length a first pass counts: no buffer of the whole
    /// file besides the string (for a rendering of a few MB, that many fresh pages fewer for a one-shot process).
    /// </summary>
    private static string ReadFile(Stream stream, byte[] chunk, string name, CancellationToken ct)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        long length = 0, bytes = 0;
        for (int read; (read = stream.Read(chunk)) > 0;)
        {
            ct.ThrowIfCancellationRequested();
            if ((bytes += read) > MaxInputBytes) throw new SecretsKitException(ExitCodes.CouldNotReadInputFile, $"{name}: larger than {MaxInputBytes / 1024 / 1024} MiB");
            length += decoder.GetCharCount(chunk.AsSpan(0, read), flush: false);
        }
        length += decoder.GetCharCount([], flush: true);
        stream.Seek(0, SeekOrigin.Begin);
        decoder.Reset();
        var same = true;
        var text = string.Create((int)length, stream, (chars, source) =>
        {
            var at = 0;
            for (int read; (read = source.Read(chunk)) > 0 && same;)
            {
                decoder.Convert(chunk.AsSpan(0, read), chars[at..], flush: false, out var used, out var written, out _);
                (at, same) = (at + written, used == read);
            }
            decoder.Convert([], chars[at..], flush: true, out _, out var last, out var completed);
            same &= completed && at + last == chars.Length;
        });
        return same ? text : throw new SecretsKitException(ExitCodes.CouldNotReadInputFile, $"{name}: changed while it was read");
    }
}
