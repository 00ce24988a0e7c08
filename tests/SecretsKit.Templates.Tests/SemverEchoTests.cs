using System.Diagnostics;
using SecretsKit.Templates;
using SecretsKit.Templates.Syntax;

namespace SecretsKit.Templates.Tests;

/// <summary>
/// A huge constraint or version segment read from a values file is quoted in sprig's semver errors only up to 200
/// characters (Go quotes it whole: a 500 KB constraint made a 500 KB error), and is refused in bounded time.
/// </summary>
public sealed class SemverEchoTests
{
    private static GoTemplateException Fail(string template, string value)
    {
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<GoTemplateException>(() =>
            Template.Render("t", template, new Dictionary<string, object?> { ["v"] = value }, TemplateFunctions.Sprig));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        return e;
    }

    [Theory]
    [InlineData(">= 1.0 ?")]
    [InlineData("~1.2 || >= 1.0 ?")]
    public void A_500_KB_improper_constraint_is_quoted_to_200_characters_saying_how_long_it_was(string head)
    {
        var constraint = head + new string('?', 500_000);

        var e = Fail("{{ semverCompare .v \"1.0.0\" }}", constraint);

        Assert.Contains("improper constraint: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(" characters)", e.Message, StringComparison.Ordinal);
        Assert.InRange(e.Message.Length, 1, 400);
    }

    [Fact]
    public void A_short_improper_constraint_is_quoted_whole_as_go_does()
    {
        var e = Fail("{{ semverCompare .v \"1.0.0\" }}", ">= 1.0 ?");

        Assert.EndsWith("improper constraint: >= 1.0 ?", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_500_KB_version_segment_is_quoted_to_200_characters()
    {
        var e = Fail("{{ semver .v }}", "1.2." + new string('9', 500_000));

        Assert.Contains("Error parsing version segment", e.Message, StringComparison.Ordinal);
        Assert.InRange(e.Message.Length, 1, 400);
    }
}
