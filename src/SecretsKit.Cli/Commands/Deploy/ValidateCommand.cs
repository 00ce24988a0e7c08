using System.CommandLine;
using System.Text;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.IO;
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
            // a one-shot validation allocates a few MB at once: its fresh memory in huge pages, a fault per 2 MiB, not per 4 KiB
            HeapHugePages.Back();
            var options = new ValidationOptions(r.GetValue(kubeVersion), r.GetValue(strict), r.GetValue(reject), r.GetValue(locations) ?? [])
            {
                SkipKinds = Kinds(r.GetValue(skip)),
                RejectKinds = Kinds(r.GetValue(refuse)),
                OwnThreads = true, // one validation per process: its pool would be fresh
            };
            // an HttpClient only for URL templates: building one costs a native process more than validating a chart
            using var http = options.SchemaLocations!.Any(l => l.Contains("://", StringComparison.Ordinal)) ? new HttpClient { Timeout = TimeSpan.FromSeconds(30) } : null;
            // a --schema-location or --kube-version the validator refuses is the error reported first
            var validator = new ManifestValidator(options, http);
            var named = r.GetValue(inputs) is { Length: > 0 } given ? given : ["-"];
            // a pipe is read on this thread: the built-in schemas load meanwhile on a thread of their own (else they load
            // while the documents are parsed)
            if (named.Contains("-")) validator.LoadBuiltinSchemasInBackground();
            // large files are mapped, not copied; unmapped when the report is written (the last use of their trees)
            using var mapped = new MappedFiles();
            var sources = ManifestInputs.Read(context, named, mapped, ct);
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
}
