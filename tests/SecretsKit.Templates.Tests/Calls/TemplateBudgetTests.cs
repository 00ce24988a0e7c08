using SecretsKit.Templates.Tests;
using SecretsKit.Templates;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Syntax;

namespace SecretsKit.Templates.Tests.Calls;

/// <summary>
/// Each budget class of issue #44 ends a hostile template with a clear template error (never a stack overflow, an
/// overflowed size check, an unbounded allocation or an "internal error"): parse depth, evaluation depth shared with
/// nested renders, output before allocation, serialization of shared values, and time.
/// </summary>
public sealed class TemplateBudgetTests
{
    private static readonly TemplateOptions Agent = new()
    {
        Limits = new TemplateLimits { MaxSteps = 200_000, MaxOutput = 1 << 20, MaxDuration = TimeSpan.FromSeconds(1) },
    };

    private static string Render(string text, object? data = null, TemplateFunctions? functions = null, TemplateOptions? options = null) =>
        Template.Render("t", text, data ?? new Dictionary<string, object?>(), functions ?? TemplateFunctions.Sprig, options ?? Agent);

    private static string Failure(string text, object? data = null, TemplateFunctions? functions = null, TemplateOptions? options = null) =>
        Assert.Throws<GoTemplateException>(() => Render(text, data, functions, options)).Message;

    [Fact]
    public void Twelve_thousand_parentheses_end_in_a_parse_error_not_a_stack_overflow()
    {
        var text = "{{ " + new string('(', 12_000) + "1" + new string(')', 12_000) + " }}";
        Assert.Equal("template: t:1: max expression depth exceeded", Failure(text));
    }

    [Theory]
    [InlineData("{{ if 1 }}", "{{ end }}")]
    [InlineData("{{ range .l }}", "{{ end }}")]
    [InlineData("{{ with 1 }}", "{{ end }}")]
    [InlineData("{{ if 0 }}{{ else if 1 }}", "{{ end }}")]
    public void Twenty_thousand_nested_blocks_end_in_a_parse_error(string open, string close)
    {
        var text = string.Concat(Enumerable.Repeat(open, 20_000)) + string.Concat(Enumerable.Repeat(close, 20_000));
        Assert.Equal("template: t:1: max expression depth exceeded", Failure(text));
    }

    [Fact]
    public void Nesting_within_the_parse_budget_still_renders()
    {
        Assert.Equal("1", Render("{{ " + new string('(', 500) + "1" + new string(')', 500) + " }}"));
        Assert.Equal("x", Render(string.Concat(Enumerable.Repeat("{{ if 1 }}", 300)) + "x" + string.Concat(Enumerable.Repeat("{{ end }}", 300))));
    }

    [Fact]
    public void A_template_that_calls_itself_ends_at_the_template_depth()
    {
        var message = Failure("{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}", options: TemplateOptions.Default);
        Assert.Contains($"exceeded maximum template depth ({TemplateExecution.MaxTemplateDepth})", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_self_recursive_tpl_shares_the_depth_budget_and_ends_in_a_template_error()
    {
        var functions = TemplateFunctions.Sprig.With("tpl", c => c.Render("tpl", c.Exactly(2).String(0), c[1]));
        var data = new Dictionary<string, object?> { ["t"] = "{{ tpl .t . }}" };
        var message = Failure("{{ tpl .t . }}", data, functions, TemplateOptions.Default);
        Assert.StartsWith("template: t:1:3: executing \"t\" at <tpl .t .>: error calling tpl: template: tpl:1:3:", message, StringComparison.Ordinal);
        Assert.Contains("exceeded maximum template depth", message, StringComparison.Ordinal);
        // Go repeats "error calling tpl:" at every level (helmfile's stack runs out first): the middle levels are elided
        Assert.Contains(" […nested levels elided…] ", message, StringComparison.Ordinal);
        Assert.InRange(message.Length, TemplateEvaluator.MaxNestedMessage - 100, TemplateEvaluator.MaxNestedMessage);
    }

    [Fact]
    public void Nested_renders_count_against_the_same_step_budget()
    {
        var functions = TemplateFunctions.Sprig.With("tpl", c => c.Render("tpl", c.Exactly(2).String(0), c[1]));
        var data = new Dictionary<string, object?> { ["l"] = Enumerable.Range(0, 400).Select(i => (object?)(long)i).ToList(), ["t"] = "{{ range .l }}{{ end }}" };
        var options = new TemplateOptions { Limits = new TemplateLimits { MaxSteps = 1_000 } };
        Assert.Contains("budget of 1000 evaluation steps", Failure("{{ range .l }}{{ tpl $.t $ }}{{ end }}", data, functions, options), StringComparison.Ordinal);
    }

    [Fact]
    public void Printing_a_list_that_holds_itself_forty_times_fails_on_the_output_budget_before_allocating()
    {
        var text = "{{ $l := list 1 }}{{ range .forty }}{{ $l = list $l $l }}{{ end }}{{ print $l }}";
        var data = new Dictionary<string, object?> { ["forty"] = Enumerable.Range(0, 40).Select(i => (object?)(long)i).ToList() };
        Assert.Contains("exceeds the template output limit of 1048576", Failure(text, data), StringComparison.Ordinal);
        Assert.Contains("output limit of 1048576", Failure(text.Replace("print $l", "$l", StringComparison.Ordinal), data), StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_printf_width_in_a_range_fails_on_the_output_budget()
    {
        var data = new Dictionary<string, object?> { ["l"] = Enumerable.Range(0, 100).Select(i => (object?)(long)i).ToList() };
        Assert.Contains("limit of 1048576", Failure("{{ range .l }}{{ printf \"%1000000d\" 1 }}{{ end }}", data), StringComparison.Ordinal);
        Assert.Contains("exceeds the template output limit", Failure("{{ printf \"%9999999d\" 1 }}"), StringComparison.Ordinal);
    }

    [Fact]
    public void Time_is_checked_on_every_step_so_a_slow_template_stops_near_its_limit()
    {
        var big = Enumerable.Range(0, 5_000).Select(i => (object?)(long)i).ToList();
        var options = new TemplateOptions { Limits = new TemplateLimits { MaxDuration = TimeSpan.FromMilliseconds(200) } };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var message = Failure("{{ range .l }}{{ range $.l }}{{ range $.l }}{{ end }}{{ end }}{{ end }}", new Dictionary<string, object?> { ["l"] = big }, options: options);
        Assert.Contains("time limit of 200 ms", message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"stopped after {watch.Elapsed}");
    }

    [Fact]
    public void An_exception_inside_a_function_becomes_a_template_error_naming_the_call()
    {
        var functions = TemplateFunctions.Sprig.With("boom", _ => throw new OverflowException("Arithmetic operation resulted in an overflow."));
        Assert.Equal("template: t:1:3: executing \"t\" at <boom>: error calling boom: Arithmetic operation resulted in an overflow.", Failure("{{ boom }}", functions: functions));
    }

    [Theory]
    [InlineData("{{ printf \"%c\" 99999999999 }}", "\uFFFD")]
    [InlineData("{{ printf \"%c\" -1 }}", "\uFFFD")]
    [InlineData("{{ printf \"%U\" -1 }}", "U+FFFFFFFFFFFFFFFF")]
    public void Out_of_range_runes_print_as_go_prints_them(string text, string expected) => Assert.Equal(expected, Render(text));
}
