using System.CommandLine;
using System.Text;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>
/// <c>validate [FILE|DIR|-]…</c>: check Kubernetes manifests (e.g. <c>helm template … | secretskit validate -</c>)
/// against the CRDs among them, <c>--schema-location</c>s and the built-in Kubernetes schemas, offline. Exit 0 when
/// every document is valid, 1 when one is not, 2 when an input or schema cannot be read. Never prints a value.
/// </summary>
internal static class ValidateCommand
{
    /// <summary>Largest manifest file or stdin read.</summary>
    public const long MaxInputBytes = 64L * 1024 * 1024;

    public static Command Create(CliContext context)
    {
        var inputs = new Argument<string[]>("inputs") { Arity = ArgumentArity.ZeroOrMore, Description = "manifest files, directories (*.yaml, *.yml, *.json) or - for stdin (default: -)" };
        var kubeVersion = new Option<string?>("--kube-version") { Description = $"Kubernetes version of the built-in schemas (built in: {string.Join(", ", BuiltinSchemaVersions())}; default: the newest)" };
        var strict = new Option<bool>("--strict") { Description = "unknown fields are errors (default true; --strict=false turns it off)", DefaultValueFactory = _ => true };
        var locations = new Option<string[]>("--schema-location") { Description = "a directory of CRDs / JSON schemas, or a kubeconform URL or path template (repeatable; searched after rendered CRDs, before the built-in schemas)" };
        var reject = new Option<bool>("--reject-missing-schemas") { Description = "a kind with no schema is an error, not skipped" };
        // kubeconform's -skip and -reject: Kind or apiVersion/Kind, comma-separated or repeated
        var skip = new Option<string[]>("--skip") { Description = "kinds to skip (Kind or apiVersion/Kind; comma-separated, repeatable)" };
        var refuse = new Option<string[]>("--reject") { Description = "kinds to refuse (Kind or apiVersion/Kind; comma-separated, repeatable)" };
        // -o/--output as kubeconform and kubectl spell it, and --format as `scan` does
        var output = new Option<string>("--output", "-o", "--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");
        var command = new Command("validate", "validate Kubernetes manifests against OpenAPI schemas, offline") { inputs, kubeVersion, strict, locations, reject, skip, refuse, output };
        command.SetAction(async (r, ct) =>
        {
            var options = new ValidationOptions(r.GetValue(kubeVersion), r.GetValue(strict), r.GetValue(reject), r.GetValue(locations) ?? [])
            {
                SkipKinds = Kinds(r.GetValue(skip)),
                RejectKinds = Kinds(r.GetValue(refuse)),
            };
            // an HttpClient only for URL templates: building one costs a native process more than validating a chart
            using var http = options.SchemaLocations!.Any(l => l.Contains("://", StringComparison.Ordinal)) ? new HttpClient { Timeout = TimeSpan.FromSeconds(30) } : null;
            var validator = new ManifestValidator(options, http);
            var sources = Read(context, r.GetValue(inputs) is { Length: > 0 } given ? given : ["-"], ct);
            var report = await validator.ValidateAsync(sources, null, ct);
            var bytes = r.GetValue(output) == "json" ? ValidationReportJson.Write(report) : Encoding.UTF8.GetBytes(report.RenderText());
            context.Stdout.Write(bytes);
            context.Stdout.Flush();
            return report.Ok ? 0 : 1;
        });
        return command;
    }

    private static IEnumerable<string> BuiltinSchemaVersions() => ManifestValidatorInfo.BuiltinVersions;

    private static List<string> Kinds(string[]? given) =>
        (given ?? []).SelectMany(k => k.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

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

    /// <summary>Reads every input synchronously (as the other verbs do: no thread-pool hop for a few files).</summary>
    private static List<ManifestSource> Read(CliContext context, string[] inputs, CancellationToken ct)
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

    private static string ReadBounded(Stream stream, string name, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
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
