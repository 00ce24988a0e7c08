using SecretsKit.Deploy.Validation.Rules;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Tests.Validation.Rules;

/// <summary>A hostile or non-RE2 pattern becomes a finding's text, never an exception.</summary>
public sealed class SchemaPatternTests
{
    [Theory]
    [InlineData("(a)\\1", "it uses a backreference")]
    [InlineData("(?<=a)b", "it uses a lookaround")]
    [InlineData("(?>a)", "it uses an atomic group")]
    [InlineData("a++", "it uses a possessive quantifier")]
    [InlineData("a{1001}", "it repeats more than 1000 times")]
    [InlineData("(unclosed", "it is not a valid regular expression (InsufficientClosingParentheses")]
    public void A_pattern_that_is_not_RE2_is_reported(string pattern, string reason)
    {
        var message = new SchemaPattern(pattern).Check("a");
        Assert.NotNull(message);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_RE2_named_group_and_an_unanchored_match_work_as_in_Go()
    {
        Assert.Null(new SchemaPattern("(?P<x>b)").Check("abc"));
        Assert.Equal("should match '^b$'", new SchemaPattern("^b$").Check("abc"));
    }

    [Fact]
    public void An_oversized_pattern_is_reported()
    {
        Assert.Contains("longer than", new SchemaPattern(new string('a', SchemaPattern.MaxLength + 1)).Check("a"), StringComparison.Ordinal);
    }
}
