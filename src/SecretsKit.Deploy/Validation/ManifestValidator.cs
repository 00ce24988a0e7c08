using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// Validates rendered manifests against Kubernetes schemas, offline: each document by its <c>apiVersion</c>/<c>kind</c>
/// against, in order, the CRDs rendered so far (by this call and earlier ones on the same validator), the
/// <c>--schema-location</c>s and the built-in schemas of the chosen Kubernetes minor.
/// </summary>
public sealed class ManifestValidator
{
    /// <summary>Findings kept per document; a document this broken is reported in part.</summary>
    public const int MaxIssuesPerDocument = 100;

    private readonly ValidationOptions _options;
    private readonly SchemaCatalog _catalog;

    public ManifestValidator(ValidationOptions options, HttpClient? http = null)
    {
        _options = options;
        _catalog = new SchemaCatalog(options, http);
    }

    /// <summary>The Kubernetes minor of the built-in schemas in use.</summary>
    public string KubernetesVersion => _catalog.Builtin.Minor;

    /// <summary>Validates every document of <paramref name="sources"/>; <paramref name="kubeVersion"/> (e.g. a release's
    /// <c>kubeVersion</c>) overrides the options' Kubernetes version for the built-in schemas.</summary>
    public async Task<ValidationReport> ValidateAsync(IEnumerable<ManifestSource> sources, string? kubeVersion, CancellationToken ct)
    {
        var builtin = kubeVersion is null ? _catalog.Builtin : BuiltinSchemas.For(kubeVersion);
        var documents = sources.SelectMany(s => RenderedDocument.Split(s.Text).Select(d => (Source: s, Doc: d))).ToList();
        foreach (var (_, doc) in documents)
        {
            if (doc.Root is { } root && CrdSchemas.IsCrd(root))
            {
                foreach (var (key, schema) in CrdSchemas.Read(root)) _catalog.AddRendered(key, schema);
            }
        }
        var report = new ValidationReport(builtin.Minor);
        foreach (var (source, doc) in documents)
        {
            ct.ThrowIfCancellationRequested();
            await ValidateAsync(source, doc, builtin, report, ct);
        }
        return report;
    }

    private async Task ValidateAsync(ManifestSource source, RenderedDocument doc, BuiltinSchemas builtin, ValidationReport report, CancellationToken ct)
    {
        var root = doc.Root;
        var apiVersion = root is null ? null : CrdSchemas.Text(root, "apiVersion");
        var kind = root is null ? null : CrdSchemas.Text(root, "kind");
        var metadata = root is null ? null : CrdSchemas.Child(root, "metadata") as ManifestMapping;
        var id = new DocumentIdentity(source.Origin, doc.Template, apiVersion, kind,
            metadata is null ? null : CrdSchemas.Text(metadata, "namespace") ?? (metadata.Find("name") is not null ? source.DefaultNamespace : null),
            metadata is null ? null : CrdSchemas.Text(metadata, "name"));
        var issues = new List<ValidationIssue>();
        if (root is null || doc.ParseError is not null)
        {
            issues.Add(new ValidationIssue(id, "", doc.ParseError ?? "not a mapping"));
            report.Add(id, issues, skipped: false);
            return;
        }
        if (apiVersion is null || kind is null)
        {
            issues.Add(new ValidationIssue(id, "", apiVersion is null ? "missing apiVersion" : "missing kind"));
            report.Add(id, issues, skipped: false);
            return;
        }
        var key = SchemaKey.Parse(apiVersion, kind);
        var found = key is null ? null : await _catalog.FindAsync(key, builtin, ct);
        if (found is not { } schema)
        {
            if (key is null) issues.Add(new ValidationIssue(id, "", "apiVersion or kind is not a valid Kubernetes name"));
            else if (builtin.IsBuiltinGroup(key))
            {
                // kubeconform fails every missing schema; an unknown kind of a built-in group cannot be a CRD's
                var hint = builtin.ClosestKind(key) is { } close ? $" (did you mean {close}?)" : "";
                issues.Add(new ValidationIssue(id, "", $"no kind {key.Kind} in Kubernetes {builtin.Minor}'s built-in {key.ApiVersion}{hint}"));
            }
            else if (_options.RejectMissingSchemas) issues.Add(new ValidationIssue(id, "", $"no schema for {key} (--reject-missing-schemas)"));
            report.Add(id, issues, skipped: issues.Count == 0);
            return;
        }
        var validator = new DocumentValidator(schema.Refs, _options.Strict, (path, message) =>
        {
            if (issues.Count < MaxIssuesPerDocument) issues.Add(new ValidationIssue(id, path, message));
        });
        validator.Validate(root, schema.Schema);
        report.Add(id, issues, skipped: false);
    }
}
