using SecretsKit.Cli.Context;
using SecretsKit.Cli.IO;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>
/// The manifest inputs of <c>validate</c> and <c>policy</c>: files, directories (<c>*.yaml</c>, <c>*.yml</c>,
/// <c>*.json</c>, recursively, in name order) and <c>-</c> for stdin, each read up to <see cref="MaxInputBytes"/>.
/// A command that reads them once and then only reports may have its large files mapped instead (<see cref="MappedFile"/>).
/// </summary>
internal static class ManifestInputs
{
    /// <summary>Largest manifest file or stdin read.</summary>
    public const long MaxInputBytes = 64L * 1024 * 1024;

    /// <summary>Reads every input synchronously (as the other verbs do: no thread-pool hop for a few files).</summary>
    public static List<ManifestSource> Read(CliContext context, string[] inputs, CancellationToken ct) => Read(context, inputs, null, ct);

    /// <summary>As <see cref="Read(CliContext, string[], CancellationToken)"/>; with <paramref name="mapped"/>, a large
    /// regular file is mapped into memory and its mapping added there, for the caller to dispose after its last use of the
    /// sources (and of anything parsed from them).</summary>
    public static List<ManifestSource> Read(CliContext context, string[] inputs, MappedFiles? mapped, CancellationToken ct)
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
                var (stdin, length) = ReadBounded(context.Stdin, "stdin", ct);
                sources.Add(ManifestSource.FromUtf8("stdin", stdin, length));
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
                    sources.Add(ReadFile(file, shown, mapped, ct));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new SecretsKitException(ExitCodes.CouldNotReadInputFile, $"{shown}: cannot read ({e.GetType().Name.Replace("Exception", "", StringComparison.Ordinal)})");
                }
            }
        }
        return sources;
    }

    /// <summary>A named file: mapped when <paramref name="mapped"/> is given and it is a large regular file, else read.</summary>
    private static ManifestSource ReadFile(string file, string shown, MappedFiles? mapped, CancellationToken ct)
    {
        using var stream = File.OpenRead(file);
        if (mapped is not null && mapped.TryMap(stream, MaxInputBytes, out var map)) return ManifestSource.FromUtf8(shown, map);
        var (bytes, length) = ReadBounded(stream, shown, ct);
        return ManifestSource.FromUtf8(shown, bytes, length);
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

    /// <summary>
    /// The input's bytes (the first <c>Length</c> of <c>Bytes</c>), at most <see cref="MaxInputBytes"/>: kept as UTF-8,
    /// which the validator splits and parses as it is (a file of a few MB decoded on one thread into a string of twice its
    /// size was most of a one-shot validate's serial start).
    /// </summary>
    private static (byte[] Bytes, int Length) ReadBounded(Stream stream, string name, CancellationToken ct)
    {
        if (stream.CanSeek && stream.Length <= MaxInputBytes)
        {
            var file = ReadFile(stream, name);
            return (file, file.Length);
        }
        var chunk = new byte[81920];
        using var buffer = new MemoryStream();
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            if (buffer.Length + read > MaxInputBytes) throw new SecretsKitException(ExitCodes.CouldNotReadInputFile, $"{name}: larger than {MaxInputBytes / 1024 / 1024} MiB");
            buffer.Write(chunk, 0, read);
        }
        return (buffer.GetBuffer(), (int)buffer.Length);
    }

    /// <summary>A file read at the length it has when opened, into one buffer of that size; a file that grows or shrinks meanwhile is refused.</summary>
    private static byte[] ReadFile(Stream stream, string name)
    {
        var bytes = new byte[stream.Length];
        var at = 0;
        for (int read; at < bytes.Length && (read = stream.Read(bytes, at, bytes.Length - at)) > 0;) at += read;
        Span<byte> more = stackalloc byte[1];
        return at == bytes.Length && stream.Read(more) == 0
            ? bytes
            : throw new SecretsKitException(ExitCodes.CouldNotReadInputFile, $"{name}: changed while it was read");
    }
}
