using SecretsKit.Templates;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Syntax;

namespace SecretsKit.Templates.Tests;

/// <summary>
/// Issue #61, items 1–2: what a template builds is budgeted before it is allocated, in every flavour. A value sharing
/// one sub-tree 40 levels deep (2^40 leaves when written out) ends in the output or build budget in every serializer and
/// formatter, and chained growth (<c>b64enc</c>, <c>quote</c>, <c>cat</c>, <c>concat</c>…) ends at the budget instead of
/// doubling until memory runs out. Each case also asserts what it allocated: a bounded multiple of the budget.
/// </summary>
public sealed class TemplateGrowthBudgetTests
{
    private static readonly TemplateOptions Agent = new()
    {
        Limits = new TemplateLimits { MaxSteps = 200_000, MaxOutput = 1 << 20, MaxDuration = TimeSpan.FromSeconds(20) },
    };

    /// <summary>Bytes one failing render may allocate: the build budget (16 MiB characters, 32 MiB) a few times over, far below 2^40.</summary>
    private const long MaxAllocated = 256L << 20;

    private const string Dag = "{{ $a := dict \"k\" \"vvvvvvvvvv\" }}{{ range until 40 }}{{ $a = dict \"a\" $a \"b\" $a }}{{ end }}";

    private const string Big = "{{ $s := repeat 1000000 \"a\" }}";

    private static string Failure(string flavour, string text)
    {
        var functions = GoDifferentialFlavours.Functions(flavour);
        var data = GoDifferentialFlavours.Data(flavour, stringData: false, json: null) ?? new Dictionary<string, object?>();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<GoTemplateException>(() => Template.Render("t", text, data, functions, Agent));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < MaxAllocated, $"{text} allocated {allocated >> 20} MiB before failing: {e.Message}");
        return e.Message;
    }

    [Theory]
    [InlineData("sprig", "toJson $a | len")]
    [InlineData("sprig", "toPrettyJson $a | len")]
    [InlineData("sprig", "toRawJson $a | len")]
    [InlineData("sprig", "mustToJson $a | len")]
    [InlineData("sprig", "toString (list $a $a) | len")]
    [InlineData("sprig", "cat $a $a | len")]
    [InlineData("sprig", "quote $a | len")]
    [InlineData("sprig", "squote $a | len")]
    [InlineData("sprig", "join \",\" (list $a $a) | len")]
    [InlineData("sprig", "toStrings (list $a) | len")]
    [InlineData("sprig", "sortAlpha (list $a) | len")]
    [InlineData("sprig", "dict $a 1 | len")]
    [InlineData("sprig", "toDecimal $a")]
    [InlineData("sprig", "deepCopy $a | len")]
    [InlineData("sprig", "printf \"%v\" $a | len")]
    [InlineData("sprig", "print $a | len")]
    [InlineData("sprig", "$a")]
    [InlineData("eso", "toYaml $a | len")]
    [InlineData("eso", "toJson $a | len")]
    [InlineData("helmfile", "toYaml $a | len")]
    [InlineData("helmfile", "toJson $a | len")]
    public void Writing_out_a_value_that_shares_one_map_forty_levels_deep_ends_at_the_budget(string flavour, string action)
    {
        var message = Failure(flavour, Dag + "{{ " + action + " }}");
        Assert.Matches("(output limit|budget) of [0-9]+", message);
        Assert.StartsWith("template: t:1:", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ range until 40 }}{{ $s = b64enc $s }}{{ end }}{{ len $s }}", "b64enc")]
    [InlineData("{{ range until 40 }}{{ $s = quote $s $s }}{{ end }}{{ len $s }}", "quote")]
    [InlineData("{{ range until 40 }}{{ $s = cat $s $s }}{{ end }}{{ len $s }}", "cat")]
    [InlineData("{{ range until 40 }}{{ $s = printf \"%s%s\" $s $s }}{{ end }}{{ len $s }}", "printf")]
    [InlineData("{{ range until 40 }}{{ $s = replace \"a\" \"aa\" $s }}{{ end }}{{ len $s }}", "replace")]
    [InlineData("{{ range until 40 }}{{ $s = repeat 2 $s }}{{ end }}{{ len $s }}", "repeat")]
    [InlineData("{{ range until 40 }}{{ $s = join $s (list $s $s) }}{{ end }}{{ len $s }}", "join")]
    [InlineData("{{ $s = substr 0 1000 $s }}{{ $l := list $s }}{{ range until 40 }}{{ $l = concat $l $l }}{{ end }}{{ len $l }}", "concat")]
    [InlineData("{{ $s = substr 0 10 $s }}{{ range until 100000 }}{{ $s = cat $s \"0123456789\" }}{{ end }}{{ len $s }}", "cat")]
    public void Chained_growth_ends_in_a_budget_error_naming_the_function(string growth, string function)
    {
        var message = Failure("sprig", Big + growth);
        Assert.Contains($"error calling {function}: ", message, StringComparison.Ordinal);
        Assert.Matches("(output limit|budget) of [0-9]+", message);
    }

    [Fact]
    public void Growth_within_the_budget_still_renders()
    {
        // the same results as real Go's (tests/fixtures/go-template-cases/engine-budgets.json)
        var text = "{{ $s := \"ab\" }}{{ range until 10 }}{{ $s = b64enc $s }}{{ end }}{{ len $s }} {{ $a := dict \"k\" \"vvvvvvvvvv\" }}{{ range until 8 }}{{ $a = dict \"a\" $a \"b\" $a }}{{ end }}{{ toJson $a | len }}";
        Assert.Equal("108 7413", Template.Render("t", text, null, TemplateFunctions.Sprig, Agent));
    }

    [Fact]
    public void The_build_budget_is_shared_by_every_function_of_one_execution()
    {
        // each result is far under the output limit; together they pass the build budget (16 × the output limit)
        var text = Big + "{{ $l := list }}{{ range until 40 }}{{ $l = append $l (cat $s \"x\") }}{{ end }}{{ len $l }}";
        var message = Failure("sprig", text);
        Assert.Contains("error calling cat: the template's functions built more than their budget of 16777216 characters", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_passed_through_is_not_counted_again()
    {
        var text = Big + "{{ range until 100 }}{{ $s = default \"x\" $s }}{{ $s = toString $s }}{{ end }}{{ len $s }}";
        Assert.Equal("1000000", Template.Render("t", text, null, TemplateFunctions.Sprig, Agent));
    }
}
