using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Validation.Defaulting;
using SecretsKit.Deploy.Validation.Rules;
using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Tests.Validation.Rules;

/// <summary>
/// The memo of CEL passes (one per validation): a value met again with the same content under the same schema reuses
/// the passes of its first meeting, and a document's findings, counts and cost budget come out exactly as without it.
/// The oracle is the same documents checked without a memo.
/// </summary>
public sealed class CelRuleMemoTests
{
    /// <summary>Three rules with the same three path matches (the Glob one fails the second rule), the last with one more.</summary>
    private const string Route = """
        apiVersion: example.com/v1
        kind: Route
        metadata: {name: r}
        spec:
          mode: abc
          rules:
          - matches:
            - path: {type: PathPrefix, value: /api}
            - path: {type: Glob, value: api}
            - path: {type: Exact, value: /healthz}
          - matches:
            - path: {type: PathPrefix, value: /api}
            - path: {type: Glob, value: api}
            - path: {type: Exact, value: /healthz}
          - matches:
            - path: {type: PathPrefix, value: /api}
            - path: {type: Glob, value: api}
            - path: {type: Exact, value: /healthz}
            - path: {type: Exact, value: /other}
        """;

    /// <summary>The Route CRD's schema, read once: the memo knows a schema by its instance, as in a validation.</summary>
    private static readonly Lazy<SchemaNode> RouteSchema = new(() => CrdSchemas.Read(RenderedDocument.Split(CelRuleCheckTests.Crd).First().Root!, sizeChecked: true)
        .Single(s => s.Key.Kind == "Route").Schema.Value);

    private static (SchemaNode Schema, SchemaSet Refs, ManifestMapping Route) Parse(string route) =>
        (RouteSchema.Value, BuiltinSchemas.For(null).Schemas, RenderedDocument.Split(route).Single().Root!);

    private static (List<string> Findings, CelRuleCheck Cel) Check(string route, CelRuleMemo? memo, long budget = 1_000_000)
    {
        var (schema, refs, root) = Parse(route);
        var findings = new List<string>();
        var cel = new CelRuleCheck(memo, budget);
        new DocumentValidator(refs, true, ListTypeSemantics.Structural, cel, (path, message) => findings.Add($"{path}: {message}"))
            .Validate(new StructuralDefaults().Apply(root, schema), schema);
        cel.Release();
        return (findings, cel);
    }

    [Fact]
    public void A_repeated_value_reuses_its_passes_and_the_findings_and_counts_are_those_without_the_memo()
    {
        var (expected, plain) = Check(Route, memo: null);
        Assert.Equal(3, expected.Count(f => f.EndsWith("path: Invalid value: type must be one of ['Exact', 'PathPrefix', 'RegularExpression']", StringComparison.Ordinal)));
        Assert.Equal(3, expected.Count);
        Assert.Equal(3 + 1 + 10 * 2, plain.Evaluated); // the spec's rules, mode's, two per path

        var memo = new CelRuleMemo();
        var (first, once) = Check(Route, memo);
        var (again, twice) = Check(Route, memo);

        Assert.Equal(expected, first);
        Assert.Equal(expected, again);
        Assert.Equal((plain.Evaluated, plain.TransitionSkipped), (once.Evaluated, once.TransitionSkipped));
        Assert.Equal((plain.Evaluated, plain.TransitionSkipped), (twice.Evaluated, twice.TransitionSkipped));
        // within the first document: the second and third rules' /api and /healthz matches (2 passes each) and the Glob
        // match's first rule; its failing second rule runs every time
        Assert.Equal(2 * (2 + 1 + 2), once.Reused);
        // the second document: every pass (the spec's three rules, mode's, each path's) is reused, no failure
        Assert.Equal(plain.Evaluated - 3, twice.Reused);
        Assert.Equal(0, plain.Reused);
    }

    [Fact]
    public void Reused_passes_spend_the_documents_budget_and_it_runs_out_where_it_would_without_the_memo()
    {
        var warm = new CelRuleMemo();
        Check(Route, warm);
        var ranOut = 0;
        for (var budget = 0L; budget <= 400; budget += 3)
        {
            var (expected, plain) = Check(Route, memo: null, budget);
            var (actual, reused) = Check(Route, warm, budget);
            Assert.Equal(expected, actual);
            Assert.Equal((plain.Evaluated, plain.TransitionSkipped), (reused.Evaluated, reused.TransitionSkipped));
            if (expected.Any(f => f.Contains("cost exceeds limit", StringComparison.Ordinal))) ranOut++;
        }
        Assert.True(ranOut > 10, $"the budget ran out in {ranOut} runs only");
    }

    [Fact]
    public void Only_the_same_content_under_the_same_schema_is_found()
    {
        var (schema, refs, root) = Parse(Route);
        var spec = (ManifestMapping)root.Find("spec")!;
        var rules = (ManifestSequence)spec.Find("rules")!;
        ManifestNode Path(int rule, int match) => ((ManifestMapping)((ManifestSequence)((ManifestMapping)rules.Items[rule]).Find("matches")!).Items[match]).Find("path")!;
        var memo = new CelRuleMemo();
        Assert.Null(memo.Find(Path(0, 0), schema, refs, out var place, out var hash));
        memo.Remember(place!, hash, Path(0, 0), [7, -1]);

        Assert.Equal([7, -1], memo.Find(Path(2, 0), schema, refs, out _, out _) ?? []);
        Assert.Null(memo.Find(Path(2, 2), schema, refs, out _, out _));
        Assert.Null(memo.Find(Path(2, 0), schema.Properties!["spec"], refs, out _, out _));
    }

    [Fact]
    public void A_schema_node_whose_values_seldom_repeat_is_no_longer_looked_up_and_one_whose_values_repeat_is()
    {
        var (schema, refs, _) = Parse(Route);
        var memo = new CelRuleMemo();
        for (var i = 0; i < CelRuleMemo.Trial; i++)
        {
            var value = new ManifestScalar("v" + i, plain: true);
            Assert.Null(memo.Find(value, schema, refs, out var place, out var hash));
            memo.Remember(Assert.IsType<CelRuleMemo.Place>(place), hash, value, [1]);
        }
        Assert.Null(memo.Find(new ManifestScalar("v0", plain: true), schema, refs, out var after, out _));
        Assert.Null(after);

        var spec = schema.Properties!["spec"];
        var same = new ManifestScalar("same", plain: true);
        Assert.Null(memo.Find(same, spec, refs, out var first, out var sameHash));
        memo.Remember(first!, sameHash, same, [1]);
        for (var i = 0; i < 4 * CelRuleMemo.Trial; i++) Assert.Equal([1], memo.Find(new ManifestScalar("same", plain: true), spec, refs, out _, out _) ?? []);
    }
}
