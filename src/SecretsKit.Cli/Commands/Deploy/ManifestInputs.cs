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
        // a file's length sizes the buffer once (a rendering of a few MB would otherwise be copied at each doubling)
        using var buffer = new MemoryStream(stream.CanSeek ? (int)Math.Min(stream.Length, MaxInputBytes) : 0);
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            if (buffer.Length + read > MaxInputBytes) throw new SecretsKitException(ExitCodes.CouldNotReadInputFile, $"{name}: larger than {MaxInputBytes / 1024 / 1024} MiB");
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
