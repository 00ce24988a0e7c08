using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Validation.Defaulting;
using SecretsKit.Deploy.Validation.Rules;
using SecretsKit.Deploy.Validation.Tree;
using static SecretsKit.Deploy.Tests.Validation.ValidationRun;

namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>
/// A value the light parser shares where its bytes repeat is walked once per schema when the walk found it clean: the
/// findings are those of walking every place, whatever schema, order, document or CEL budget each place has.
/// </summary>
public sealed class CleanValuesTests
{
    private static string Crd(string kind, string plural, string oneItems, string twoItems) => TestCrd.Of(kind, plural, $$"""
        type: object
        properties:
          one:
            type: object
            properties:
              conf:
                type: object
                properties:
                  notes: {type: array, items: {type: string}{{oneItems}}}
          two:
            type: object
            properties:
              conf:
                type: object
                properties:
                  notes: {type: array, items: {type: string}{{twoItems}}}
        """);

    private static readonly string Notes = string.Concat(Enumerable.Range(0, 30).Select(i => $"      - note number {i} of the configuration\n"));

    /// <summary>A <paramref name="kind"/> named <paramref name="name"/> holding the same 30 notes under <c>spec.first.conf</c> and then <c>spec.second.conf</c>.</summary>
    private static string Twice(string kind, string name, string first, string second) =>
        $"apiVersion: example.com/v1\nkind: {kind}\nspec:\n  {first}:\n    conf:\n      notes:\n{Notes}  {second}:\n    conf:\n      notes:\n{Notes}metadata:\n  name: {name}\n---\n";

    [Fact]
    public async Task A_shared_value_clean_under_one_schema_is_still_checked_under_another()
    {
        var crd = Crd("Twin", "twins", "", ", maxItems: 10");
        var root = RenderedDocument.Split(Twice("Twin", "t", "one", "two")).Single().Root!;
        var spec = (ManifestMapping)root.Find("spec")!;
        Assert.Same(((ManifestMapping)spec.Find("one")!).Find("conf"), ((ManifestMapping)spec.Find("two")!).Find("conf"));
        const string TooMany = "spec.two.conf.notes: should have at most 10 items";
        // the clean place first, then the other; the other first; and in a second document
        Assert.Equal([$"m.yaml: Twin t: {TooMany}"], await FindingsAsync(crd + Twice("Twin", "t", "one", "two")));
        Assert.Equal([$"m.yaml: Twin t: {TooMany}"], await FindingsAsync(crd + Twice("Twin", "t", "two", "one")));
        Assert.Equal([$"m.yaml: Twin t: {TooMany}", $"m.yaml: Twin u: {TooMany}"],
            await FindingsAsync(crd + Twice("Twin", "t", "one", "two") + Twice("Twin", "u", "one", "two")));
    }

    [Fact]
    public async Task A_shared_value_with_a_finding_is_reported_in_every_place_and_document()
    {
        var crd = Crd("Pair", "pairs", ", maxItems: 10", ", maxItems: 10");
        var findings = await FindingsAsync(crd + Twice("Pair", "p", "one", "two") + Twice("Pair", "q", "one", "two"));
        Assert.Equal(
            from name in new[] { "p", "q" } from place in new[] { "one", "two" }
            select $"m.yaml: Pair {name}: spec.{place}.conf.notes: should have at most 10 items",
            findings);
    }

    [Fact]
    public void A_value_whose_rules_did_not_run_is_walked_again_where_they_run()
    {
        // the Route's spec carries rules; past a document's budget none runs and nothing is found, which is not clean
        var schema = CrdSchemas.Read(RenderedDocument.Split(Rules.CelRuleCheckTests.Crd).First().Root!, sizeChecked: true)
            .Single(s => s.Key.Kind == "Route").Schema.Value;
        var root = RenderedDocument.Split("apiVersion: example.com/v1\nkind: Route\nmetadata: {name: r}\nspec:\n  replicas: 11\n").Single().Root!;
        ((ManifestMapping)root.Find("spec")!).MayRepeat = true;
        var clean = new CleanValues();
        List<string> Check(long budget)
        {
            var findings = new List<string>();
            new DocumentValidator(BuiltinSchemas.For(null).Schemas, true, ListTypeSemantics.Structural, new CelRuleCheck(null, budget),
                (path, message) => findings.Add($"{path}: {message}"), clean).Validate(new StructuralDefaults().Apply(root, schema), schema);
            return findings;
        }
        var expected = Check(1_000_000);
        Assert.NotEmpty(expected);
        Assert.Empty(Check(-1));
        Assert.Equal(expected, Check(1_000_000));
    }
}
