using SecretsKit.Templates.Tests;
using SecretsKit.Templates;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Syntax;

namespace SecretsKit.Templates.Tests.Calls;

/// <summary>Budgets for templates written by someone else: steps, output, and the widths Go's fmt refuses.</summary>
public sealed class TemplateLimitsTests
{
    private static readonly TemplateOptions Limited = new()
    {
        Limits = new TemplateLimits { MaxSteps = 10_000, MaxOutput = 1_000, MaxDuration = TimeSpan.FromSeconds(30) },
    };

    private static string Render(string text, TemplateOptions? options = null) =>
        Template.Render("t", text, new Dictionary<string, object?>(StringComparer.Ordinal), TemplateFunctions.Sprig, options);

    [Theory]
    [InlineData("{{ range 100000 }}{{ range 100000 }}{{ end }}{{ end }}", "evaluation steps")]
    [InlineData("{{ range 5000 }}{{ range 5000 }}{{ end }}{{ end }}", "evaluation steps")]
    [InlineData("{{ range 200 }}xxxxxxxxxx{{ end }}", "output exceeded its limit of 1000")]
    [InlineData("{{ repeat 100000000 \"abcdefgh\" }}", "exceeds the template output limit of 1000")]
    [InlineData("{{ \"a\\nb\\nc\" | indent 100000000 }}", "exceeds the template output limit of 1000")]
    [InlineData("{{ \"a\" | nindent 5000 }}", "exceeds the template output limit of 1000")]
    public void A_template_over_its_budget_fails_with_a_clear_error(string text, string message)
    {
        var e = Assert.Throws<GoTemplateException>(() => Render(text, Limited));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Within_the_budget_a_template_renders_as_before()
    {
        Assert.Equal("0123", Render("{{ range 4 }}{{ . }}{{ end }}", Limited));
        Assert.Equal("  a\n  b", Render("{{ \"a\\nb\" | indent 2 }}", Limited));
    }

    [Theory]
    [InlineData("{{ printf \"%100000000d\" 5 }}", "%!(NOVERB)%!(EXTRA int=5)")]
    [InlineData("{{ printf \"%.99999999999999999999f\" 1.5 }}", "%!(NOVERB)%!(EXTRA float64=1.5)")]
    [InlineData("{{ printf \"%3d\" 5 }}", "  5")]
    public void Printf_width_numbers_past_ten_million_end_the_verb_as_go_does(string text, string expected) =>
        Assert.Equal(expected, Render(text));
}
