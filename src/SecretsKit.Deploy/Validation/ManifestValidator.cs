using SecretsKit.Deploy.Validation.Defaulting;
using SecretsKit.Deploy.Validation.Meta;
using SecretsKit.Deploy.Validation.Rules;
using SecretsKit.Deploy.Validation.Tree;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// Validates rendered manifests against Kubernetes schemas, offline: each document (each item of a <c>kind: List</c>)
/// by its <c>apiVersion</c>/<c>kind</c> against, in order, the CRDs rendered so far (by this call and earlier ones on the
/// same validator), the <c>--schema-location</c>s and the built-in schemas of the chosen Kubernetes minor; then what the
/// API server refuses beyond any schema (object metadata, Secret and ConfigMap data).
/// </summary>
public sealed class ManifestValidator
{
    /// <summary>Findings kept per document; a document this broken is reported in part.</summary>
    public const int MaxIssuesPerDocument = 100;

    private readonly ValidationOptions _options;
    private readonly SchemaCatalog _catalog;

    /// <summary>Builds the validator; a <c>--schema-location</c> that cannot be used throws <see cref="SchemaLocationException"/> here.</summary>
    public ManifestValidator(ValidationOptions options, HttpClient? http = null)
    {
        _options = options;
        _catalog = new SchemaCatalog(options, http);
    }

    /// <summary>
    /// Begins loading the built-in schemas on a thread of their own, for a caller about to read its input slowly on one
    /// thread (a pipe: <c>helm template | secretskit validate</c>) while another core idles. Otherwise <see cref="ValidateAsync"/>
    /// loads it: on one of the validation's own threads while the input is split (<see cref="ValidationOptions.OwnThreads"/>),
    /// else as one more item of the documents' parse.
    /// </summary>
    public void LoadBuiltinSchemasInBackground() => BuiltinSchemas.LoadInBackground(_catalog.BuiltinMinor);

    /// <summary>The Kubernetes minor of the built-in schemas in use.</summary>
    public string KubernetesVersion => _catalog.BuiltinMinor;

    /// <summary>Validates every document of <paramref name="sources"/>; <paramref name="kubeVersion"/> (e.g. a release's
    /// <c>kubeVersion</c>) overrides the options' Kubernetes version for the built-in schemas. Documents are parsed and
    /// checked in parallel (<see cref="ValidationOptions.MaxParallelism"/>); the report lists them in input order.</summary>
    public async Task<ValidationReport> ValidateAsync(IEnumerable<ManifestSource> sources, string? kubeVersion, CancellationToken ct)
    {
        // the built-in bundle loads while the input is split and parsed; only the checks need it
        var minor = kubeVersion is null ? _catalog.BuiltinMinor : BuiltinSchemas.MinorFor(kubeVersion);
        using var threads = _options.OwnThreads ? new WorkerThreads() : null;
        if (threads is not null && DocumentWorkers.Count(_options.MaxParallelism, 2) > 1)
        {
            // begun on a worker thread while this one splits the input; that thread then joins the parse
            _ = threads.Run(() =>
            {
                BuiltinSchemas.LoadHere(minor);
                return Task.CompletedTask;
            });
        }
        var documents = await ReadAsync(sources, minor, threads, ct);
        var builtin = await BuiltinSchemas.LoadAsync(minor);
        foreach (var (_, doc) in documents)
        {
            if (doc.Root is { } root && CrdSchemas.IsCrd(root))
            {
                foreach (var (key, schema) in CrdSchemas.Read(root, sizeChecked: doc.NodeCount <= YamlJson.MaxNodes)) _catalog.AddRendered(key, schema);
            }
        }
        var checkedDocuments = new (DocumentIdentity Id, List<ValidationIssue> Issues, string? Skipped, CelRuleCheck Cel)[documents.Count];
        var workers = DocumentWorkers.Count(_options.MaxParallelism, documents.Count);
        var order = workers > 1 ? CheckOrder(documents) : null;
        var memo = new CelRuleMemo();
        var clean = new CleanValues();
        await DocumentWorkers.RunAsync(documents.Count, workers, async n =>
        {
            var i = order?[n] ?? n;
            var (source, doc) = documents[i];
            var id = Identify(source, doc);
            var issues = new List<ValidationIssue>();
            var cel = new CelRuleCheck(memo);
            var skipped = await CheckAsync(doc, builtin, cel, clean, (path, message) =>
            {
                if (issues.Count < MaxIssuesPerDocument) issues.Add(new ValidationIssue(id, path, message));
            }, ct);
            cel.Release();
            checkedDocuments[i] = (id, issues, skipped, cel);
        }, ct, threads);
        var report = new ValidationReport(builtin.Minor);
        foreach (var (id, issues, skipped, cel) in checkedDocuments)
        {
            report.Add(id, issues, skipped);
            report.AddCelRules(cel.Evaluated, cel.TransitionSkipped);
        }
        return report;
    }

    /// <summary>
    /// The order documents are handed to the workers in: for each rendered CRD schema not read yet, the first document
    /// that needs it comes first, so that one worker reads the schema while the others check the rest (a CRD's own
    /// document among them) instead of all of them waiting for it at once. The report keeps the input order.
    /// </summary>
    private int[] CheckOrder(List<(ManifestSource Source, RenderedDocument Doc)> documents)
    {
        var first = new List<int>();
        var keys = new HashSet<SchemaKey>();
        for (var i = 0; i < documents.Count; i++)
        {
            if (documents[i].Doc.Root is { } root && SchemaKey.Parse(NonEmpty(root, "apiVersion"), NonEmpty(root, "kind")) is { } key
                && _catalog.IsUnread(key) && keys.Add(key))
            {
                first.Add(i);
            }
        }
        return [.. first, .. Enumerable.Range(0, documents.Count).Except(first)];
    }

    /// <summary>
    /// The documents of <paramref name="sources"/> in order (a <c>kind: List</c> as its items), parsed in parallel; the
    /// first item of that work loads <paramref name="minor"/>'s built-in bundle unless its load has begun (on one of
    /// <paramref name="threads"/>, which then joins this work). Not a thread of its own: a third thread on two cores held
    /// the start of the second document worker (the kernel put it on the starting thread's core) by up to a scheduler tick.
    /// </summary>
    private async Task<List<(ManifestSource Source, RenderedDocument Doc)>> ReadAsync(IEnumerable<ManifestSource> sources, string minor, WorkerThreads? threads, CancellationToken ct)
    {
        // a source read as bytes is split and parsed as UTF-8: no whole-text string is made
        var ranges = sources.SelectMany(s => RenderedDocument.Ranges(s).Select(r => (Source: s, Range: r))).ToList();
        var parsed = new RenderedDocument?[ranges.Count];
        var repeated = new RepeatedValues();
        await DocumentWorkers.RunAsync(ranges.Count + 1, DocumentWorkers.Count(_options.MaxParallelism, ranges.Count + 1), i =>
        {
            if (i == 0) BuiltinSchemas.LoadHere(minor);
            else parsed[i - 1] = RenderedDocument.Parse(ranges[i - 1].Source, ranges[i - 1].Range, repeated);
            return ValueTask.CompletedTask;
        }, ct, threads);
        return [.. ranges.Zip(parsed).Where(p => p.Second is not null).SelectMany(p => ManifestList.Expand(p.Second!).Select(d => (p.First.Source, d)))];
    }

    private static DocumentIdentity Identify(ManifestSource source, RenderedDocument doc)
    {
        var root = doc.Root;
        var metadata = root?.Find("metadata") as ManifestMapping;
        var name = metadata?.Text("name") is { Length: > 0 } n ? n : metadata?.Text("generateName") is { Length: > 0 } g ? g + "{{ generateName }}" : null;
        return new DocumentIdentity(source.Origin, doc.Template, NonEmpty(root, "apiVersion"), NonEmpty(root, "kind"),
            name is null ? null : metadata!.Text("namespace") ?? source.DefaultNamespace, name);
    }

    private static string? NonEmpty(ManifestMapping? map, string key) => map?.Text(key) is { Length: > 0 } text ? text : null;

    /// <summary>Reports the document's findings; returns why it was skipped, or null when it was checked.</summary>
    private async Task<string?> CheckAsync(RenderedDocument doc, BuiltinSchemas builtin, CelRuleCheck cel, CleanValues clean, Action<string, string> report, CancellationToken ct)
    {
        if (doc.Root is not { } root || doc.ParseError is not null)
        {
            report("", doc.ParseError ?? "not a mapping");
            return null;
        }
        if (_options.Strict && doc.HasDuplicateKeys) DuplicateKeys.Report(root, report);
        var kind = NonEmpty(root, "kind");
        var apiVersion = NonEmpty(root, "apiVersion");
        if (kind is null || apiVersion is null)
        {
            report("", kind is null ? apiVersion is null ? "missing kind and apiVersion" : "missing kind" : "missing apiVersion");
            return null;
        }
        if (SchemaKey.Parse(apiVersion, kind) is not { } key)
        {
            report("", "apiVersion or kind is not a valid Kubernetes name");
            return null;
        }
        if (Names(_options.SkipKinds, key)) return SkipReason.SkipFlag;
        if (Names(_options.RejectKinds, key))
        {
            report("", $"prohibited resource kind {key.Kind} (--reject)");
            return null;
        }
        if (await _catalog.FindAsync(key, builtin, ct) is not { } found) return Missing(key, builtin, report);
        // a built-in kind's list types are the published spec's, enforced by server-side apply alone
        var isBuiltin = builtin.IsBuiltinKind(key);
        var listTypes = isBuiltin ? ListTypeSemantics.ServerSideApply : ListTypeSemantics.Structural;
        // a custom resource is defaulted from its schema before it is validated; a built-in kind's defaulting is Go code
        if (!isBuiltin) root = (ManifestMapping)new StructuralDefaults(report).Apply(root, found.Schema);
        new DocumentValidator(found.Refs, _options.Strict, listTypes, cel, report, clean, namesEnumValues: !(key.Kind == "Secret" && key.ApiVersion == "v1")).Validate(root, found.Schema);
        if (DescribesObject(found.Schema, found.Refs))
        {
            // the API server's rules for objects; a schema with no metadata (a kubeconform test's toy schema) is not one
            ObjectMetaCheck.Check(key, root, report);
            ConfigDataCheck.Check(key, root, report);
            PodSpecCheck.Check(key, root, report);
            ServiceCheck.Check(key, root, report);
        }
        return null;
    }

    private static bool DescribesObject(SchemaNode schema, SchemaSet refs) => refs.Resolve(schema).Properties?.ContainsKey("metadata") == true;

    /// <summary>Whether <paramref name="kinds"/> names <paramref name="key"/>, as kubeconform's -skip/-reject: <c>Kind</c> or <c>apiVersion/Kind</c>.</summary>
    private static bool Names(IReadOnlyList<string> kinds, SchemaKey key) =>
        kinds.Count > 0 && kinds.Any(k => k == key.Kind || k == key.ApiVersion + "/" + key.Kind);

    private string? Missing(SchemaKey key, BuiltinSchemas builtin, Action<string, string> report)
    {
        if (builtin.IsBuiltinGroup(key))
        {
            // kubeconform fails every missing schema; an unknown kind of a built-in group cannot be a CRD's
            var hint = builtin.ClosestKind(key) is { } close ? $" (did you mean {close}?)" : "";
            report("", $"no kind {key.Kind} in Kubernetes {builtin.Minor}'s built-in {key.ApiVersion}{hint}");
            return null;
        }
        if (!_options.RejectMissingSchemas) return SkipReason.NoSchema;
        report("", $"no schema for {key} (--reject-missing-schemas)");
        return null;
    }
}
