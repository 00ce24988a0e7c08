using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;
using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Validation.Tree;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Policy;

/// <summary>
/// Runs the misconfiguration checks (<see cref="PolicyChecks"/>) over rendered manifests, offline: each document (each
/// item of a <c>kind: List</c>) read as <c>secretskit validate</c> reads it, every check whose kinds include the
/// object's, then the ignore file, inline ignore comments and the severity filter. A document that is not YAML is
/// listed in <see cref="PolicyReport.Unreadable"/> (an input error for the command, validate's finding in a release).
/// </summary>
public sealed class PolicyScanner(PolicyOptions options)
{
    /// <summary>The trivy-checks tag whose checks and test cases this engine follows.</summary>
    public const string TrivyChecksVersion = "v2.2.0";

    /// <summary>Every check: ID, AVD ID, severity, whether deprecated, title (<c>policy --list-checks</c>).</summary>
    public static IEnumerable<(string Id, string AvdId, PolicySeverity Severity, bool Deprecated, string Title)> Checks =>
        PolicyChecks.All.Select(c => (c.Id, c.AvdId, c.Severity, c.Deprecated, c.Title));

    public PolicyReport Scan(IEnumerable<ManifestSource> sources, CancellationToken ct)
    {
        var report = new PolicyReport();
        var checks = PolicyChecks.All.Where(c => options.IncludeDeprecated || !c.Deprecated).ToList();
        foreach (var source in sources)
        {
            string[]? lines = null;
            foreach (var doc in RenderedDocument.Split(source.Text))
            {
                ct.ThrowIfCancellationRequested();
                lines ??= source.Text.Split('\n');
                var inline = InlineIgnores.Read(lines, doc.Line);
                foreach (var item in ManifestList.Expand(doc)) Scan(source, item, inline, checks, report);
            }
        }
        return report;
    }

    private void Scan(ManifestSource source, RenderedDocument doc, InlineIgnores inline, List<PolicyCheck> checks, PolicyReport report)
    {
        var id = Identify(source, doc);
        if (doc.Root is not { } root || doc.ParseError is not null)
        {
            report.AddUnreadable(id, doc.ParseError ?? "not a mapping");
            return;
        }
        JsonObject json;
        try
        {
            json = YamlJson.Convert(root) as JsonObject ?? [];
        }
        catch (SchemaException e)
        {
            report.AddUnreadable(id, e.Message);
            return;
        }
        report.Objects++;
        var obj = new PolicyObject(json, options.KubernetesVersion) { Values = options.Values };
        foreach (var check in checks.Where(c => c.AppliesTo(obj.Kind)))
        {
            foreach (var hit in check.Evaluate(obj).DistinctBy(h => h.Path))
            {
                if (options.Ignore?.Ignores(check, options.Today) == true || inline.Ignores(check, options.Today)) report.Ignored++;
                else if (options.Severities.Count > 0 && !options.Severities.Contains(check.Severity)) report.Filtered++;
                else report.Add(new PolicyFinding(check.Id, check.AvdId, check.Title, check.Severity, id, hit.Path, hit.Message));
            }
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
