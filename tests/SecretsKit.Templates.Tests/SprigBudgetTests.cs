using SecretsKit.Templates;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Syntax;

namespace SecretsKit.Templates.Tests;

/// <summary>
/// sprig functions given hostile arguments end in a clear template error under the agent's budgets (never an
/// overflowed size check, an unbounded allocation, a stack overflow or a hang): huge counts, doubling results,
/// self-holding maps, deep JSON and catastrophic-backtracking patterns.
/// </summary>
public sealed class SprigBudgetTests
{
    private static readonly TemplateOptions Agent = new()
    {
        Limits = new TemplateLimits { MaxSteps = 200_000, MaxOutput = 1 << 20, MaxDuration = TimeSpan.FromSeconds(5) },
    };

    private static string Render(string text, object? data = null) =>
        Template.Render("t", text, data ?? new Dictionary<string, object?>(), TemplateFunctions.Sprig, Agent);

    private static string Failure(string text, object? data = null) =>
        Assert.Throws<GoTemplateException>(() => Render(text, data)).Message;

    [Theory]
    [InlineData("{{ repeat 6148914691236517206 \"abc\" }}")]
    [InlineData("{{ repeat 2000000 \"a\" }}")]
    [InlineData("{{ $s := repeat 1000 \"a\" }}{{ join $s (until 2000) }}")]
    [InlineData("{{ replace \"\" (repeat 1000 \"x\") (repeat 2000 \"y\") }}")]
    [InlineData("{{ regexReplaceAll \"\" (repeat 2000 \"y\") (repeat 1000 \"x\") }}")]
    [InlineData("{{ regexReplaceAll \"(y)\" (repeat 2000 \"y\") (repeat 1000 \"$1\") }}")]
    [InlineData("{{ indent 1000000000 \"a\\nb\" }}")]
    [InlineData("{{ until 1000000000000 }}")]
    [InlineData("{{ untilStep 0 9223372036854775807 1 }}")]
    [InlineData("{{ seq 1 9223372036854775806 }}")]
    [InlineData("{{ randAlphaNum 100000000 }}")]
    public void Results_larger_than_the_output_budget_fail_before_they_are_built(string text) =>
        Assert.Contains("exceeds the template output limit", Failure(text), StringComparison.Ordinal);

    [Fact]
    public void A_list_holding_itself_forty_times_fails_in_toJson_on_the_output_budget()
    {
        var text = "{{ $l := list 1 2 }}{{ range until 40 }}{{ $l = list $l $l }}{{ end }}{{ toJson $l | len }}";
        Assert.Contains("exceeds the template output limit", Failure(text), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ $d := dict }}{{ $_ := set $d \"self\" $d }}{{ mustToJson $d }}", "json: unsupported value: encountered a cycle")]
    [InlineData("{{ $d := dict }}{{ $_ := set $d \"self\" $d }}{{ deepCopy $d }}", "deepCopy: value nests deeper than")]
    public void A_map_that_holds_itself_fails_instead_of_overflowing_the_stack(string text, string error) =>
        Assert.Contains(error, Failure(text), StringComparison.Ordinal);

    [Fact]
    public void A_map_that_holds_itself_compares_and_merges_without_recursing_forever() =>
        Assert.Equal("true", Render("{{ $d := dict }}{{ $_ := set $d \"self\" $d }}{{ $_ := merge $d $d }}{{ deepEqual $d $d }}"));

    [Fact]
    public void A_hundred_thousand_nested_json_arrays_end_in_gos_max_depth_error() =>
        Assert.EndsWith("error calling mustFromJson: exceeded max depth", Failure("{{ mustFromJson .j }}", new Dictionary<string, object?>
        {
            ["j"] = new string('[', 100_000) + new string(']', 100_000),
        }), StringComparison.Ordinal);

    [Fact]
    public void A_catastrophic_backtracking_pattern_matches_in_linear_time_as_in_re2()
    {
        var data = new Dictionary<string, object?> { ["s"] = new string('a', 50_000) + "b" };
        Assert.Equal("false", Render("{{ regexMatch \"^(a+)+$\" .s }}", data));
    }

    [Fact]
    public void Counted_repetitions_nested_past_gos_limit_are_refused_as_go_refuses_them() =>
        Assert.EndsWith("error parsing regexp: invalid repeat count: `{1000}`", Failure("{{ mustRegexFind \"(a{1000}){1000}\" \"a\" }}"), StringComparison.Ordinal);
}
