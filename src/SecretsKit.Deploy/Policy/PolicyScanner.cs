using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;
using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Validation.Tree;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Policy;

/// <summary>
/// Runs the misconfiguration checks (<see cref="PolicyChecks"/>) over rendered manifests, offline: each document (each
/// item of a <c>kind: List</c>) read as <c>secretskit validate</c> reads it, every check whose kinds include the
/// object's, then the ValidatingAdmissionPolicies of <see cref="PolicyOptions.AdmissionSources"/> and of the input
/// (<see cref="AdmissionScan"/>), the rollout checks against the deployed rendering when it is given
/// (<see cref="PolicyOptions.Deployed"/>), then the ignore file, inline ignore comments and the severity filter. A document that is not YAML is
/// listed in <see cref="PolicyReport.Unreadable"/> (an input error for the command, validate's finding in a release).
/// </summary>
public sealed class PolicyScanner(PolicyOptions options)
{
    /// <summary>The trivy-checks commit whose checks and test cases this engine follows, as <c>git describe</c> names it (20 commits past v2.2.0).</summary>
    public const string TrivyChecksVersion = "v2.2.0-20-g80e53822";

    /// <summary>Every check: ID, AVD ID, severity, whether deprecated, title (<c>policy --list-checks</c>).</summary>
    public static IEnumerable<(string Id, string AvdId, PolicySeverity Severity, bool Deprecated, string Title)> Checks =>
        PolicyChecks.All.Select(c => (c.Id, c.AvdId, c.Severity, c.Deprecated, c.Title));

    /// <summary>Scans the manifests of <paramref name="sources"/>, and <paramref name="texts"/> (NOTES.txt) with the plain-text checks that read text.</summary>
    public PolicyReport Scan(IEnumerable<ManifestSource> sources, CancellationToken ct, IEnumerable<RenderedText>? texts = null)
    {
        var report = new PolicyReport();
        var checks = PolicyChecks.All.Where(c => options.IncludeDeprecated || !c.Deprecated).ToList();
        var objects = Read(sources, report, ct);
        var admission = AdmissionScan.Create(options, objects, Read(options.AdmissionSources, report, ct));
        report.AdmissionPolicies = admission?.Count ?? 0;
        var pair = options.Deployed is { } deployed
            ? new RenderingPair(objects.Select(o => (o.Json, o.DefaultNamespace)), Read(deployed, new PolicyReport(), ct).Select(o => (o.Json, o.DefaultNamespace)))
            : null;
        var strategy = options.Strategy is { } renderings ? Index(renderings, ct) : null;
        foreach (var o in objects)
        {
            report.Objects++;
            var obj = new PolicyObject(o.Json, options.KubernetesVersion)
            {
                Values = options.Values, DefaultNamespace = o.DefaultNamespace, TrustedRegistries = options.TrustedRegistries, Renderings = pair, Strategy = strategy,
            };
            foreach (var check in checks.Where(c => c.AppliesTo(obj.Kind)))
            {
                foreach (var hit in check.Evaluate(obj).DistinctBy(h => h.Path))
                {
                    Keep(report, new PolicyFinding(check.Id, check.AvdId, check.Title, check.Severity, o.Id, hit.Path, hit.Message),
                        options.Ignore?.Ignores(check, options.Today) == true || o.Inline.Ignores(check, options.Today));
                }
            }
            admission?.Scan(o, report, Keep, ct);
        }
        foreach (var text in texts ?? []) ScanText(text, checks, report);
        if (strategy is not null) ScanStrategy(objects.FirstOrDefault()?.Id.Origin ?? "values", strategy, checks, report);
        if (options.Values is { IsEmpty: false } values) ScanValues(objects.FirstOrDefault()?.Id.Origin ?? "values", values, checks, report);
        return report;
    }

    /// <summary>The objects of a strategy's renderings, for the rollout checks that compare them with the input.</summary>
    private static StrategyIndex Index(StrategyRenderings renderings, CancellationToken ct)
    {
        IReadOnlyList<(JsonObject Json, string? DefaultNamespace)> Objects(IReadOnlyList<ManifestSource> sources) =>
            Read(sources, new PolicyReport(), ct).Select(o => (o.Json, o.DefaultNamespace)).ToList();
        return new StrategyIndex(renderings.Strategy, renderings.Releases.Select(r => (r.Name, Objects(r.Rendering))).ToList(),
            renderings.AtFullWeight is { } full ? Objects(full) : null)
        {
            WeightValue = renderings.WeightValue, WeightInValues = renderings.WeightInValues,
        };
    }

    /// <summary>The values through the checks that read values: findings name the values (kind <c>values</c>) and the key.</summary>
    private void ScanValues(string origin, Provenance.ValueProvenance values, List<PolicyCheck> checks, PolicyReport report)
    {
        foreach (var check in checks.OfType<Checks.PlaintextCheck>()) KeepOnValues(origin, check, check.EvaluateValues(values), report);
    }

    /// <summary>The strategy through the rollout checks that judge it whole: findings name the values (kind <c>values</c>) and the path.</summary>
    private void ScanStrategy(string origin, StrategyIndex strategy, List<PolicyCheck> checks, PolicyReport report)
    {
        foreach (var check in checks.OfType<Checks.RolloutCheck>()) KeepOnValues(origin, check, check.EvaluateStrategy(strategy), report);
    }

    private void KeepOnValues(string origin, PolicyCheck check, IEnumerable<PolicyHit> hits, PolicyReport report)
    {
        var document = new DocumentIdentity(origin, null, null, "values", null, null);
        foreach (var hit in hits)
        {
            Keep(report, new PolicyFinding(check.Id, check.AvdId, check.Title, check.Severity, document, hit.Path, hit.Message),
                options.Ignore?.Ignores(check, options.Today) == true);
        }
    }

    /// <summary>A NOTES.txt through the checks that read text: its findings name the template (kind <c>NOTES</c>) and the line.</summary>
    private void ScanText(RenderedText text, List<PolicyCheck> checks, PolicyReport report)
    {
        var document = new DocumentIdentity(text.Origin, text.Template, null, "NOTES", null, null);
        foreach (var check in checks.OfType<Checks.PlaintextCheck>())
        {
            foreach (var hit in check.EvaluateText(text.Text, options.Values))
            {
                Keep(report, new PolicyFinding(check.Id, check.AvdId, check.Title, check.Severity, document, hit.Path, hit.Message),
                    options.Ignore?.Ignores(check, options.Today) == true);
            }
        }
    }

    /// <summary>The documents of <paramref name="sources"/> that cannot be read as objects (as <see cref="PolicyReport.Unreadable"/> names them): a release checks its <c>--policy-admission-policy</c> files once, before any release renders.</summary>
    public static IReadOnlyList<string> Unreadable(IEnumerable<ManifestSource> sources, CancellationToken ct)
    {
        var report = new PolicyReport();
        Read(sources, report, ct);
        return report.Unreadable;
    }

    /// <summary>Counts a finding as ignored, below the severity filter, or adds it.</summary>
    private void Keep(PolicyReport report, PolicyFinding finding, bool ignored)
    {
        if (ignored) report.Ignored++;
        else if (options.Severities.Count > 0 && !options.Severities.Contains(finding.Severity)) report.AddBelow(finding);
        else report.Add(finding);
    }

    /// <summary>Every object of the sources (each item of a <c>kind: List</c>) with its identity and inline ignores; unreadable documents go to the report.</summary>
    private static List<ScannedObject> Read(IEnumerable<ManifestSource> sources, PolicyReport report, CancellationToken ct)
    {
        var objects = new List<ScannedObject>();
        foreach (var source in sources)
        {
            string[]? lines = null;
            foreach (var doc in RenderedDocument.Split(source))
            {
                ct.ThrowIfCancellationRequested();
                lines ??= source.Text.Split('\n');
                var inline = InlineIgnores.Read(lines, doc.Line);
                foreach (var item in ManifestList.Expand(doc))
                {
                    if (Parse(source, item, report) is { } json) objects.Add(new ScannedObject(json, Identify(source, item), inline, source.DefaultNamespace));
                }
            }
        }
        return objects;
    }

    private static JsonObject? Parse(ManifestSource source, RenderedDocument doc, PolicyReport report)
    {
        if (doc.Root is not { } root || doc.ParseError is not null)
        {
            report.AddUnreadable(Identify(source, doc), doc.ParseError ?? "not a mapping");
            return null;
        }
        try
        {
            return YamlJson.Convert(root) as JsonObject ?? [];
        }
        catch (SchemaException e)
        {
            report.AddUnreadable(Identify(source, doc), e.Message);
            return null;
        }
    }

    private static DocumentIdentity Identify(ManifestSource source, RenderedDocument doc)
    {
        var root = doc.Root;
        var metadata = root?.Find("metadata") as ManifestMapping;
        var name = metadata?.Text("name") is { Length: > 0 } n ? n : null;
        return new DocumentIdentity(source.Origin, doc.Template, NonEmpty(root?.Text("apiVersion")), NonEmpty(root?.Text("kind")),
            name is null ? null : metadata!.Text("namespace") ?? source.DefaultNamespace, name);
    }

    private static string? NonEmpty(string? text) => text is { Length: > 0 } ? text : null;
}
