using SecretsKit.Deploy.Tests.Validation.Rules;
using SecretsKit.Deploy.Validation.Rules;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Tests.Validation.Schema;

/// <summary>A hostile or non-RE2 pattern becomes a finding's text, never an exception.</summary>
public sealed class SchemaPatternTests
{
    [Theory]
    [InlineData("(a)\\1", "it is not RE2, the API server's regular expressions (error parsing regexp: invalid escape sequence: `\\1`)")]
    [InlineData("(?<=a)b", "(error parsing regexp: invalid named capture: `(?<=a)b`)")] // Go 1.22+ (the API server's) reads (?< as a named group
    [InlineData("(?>a)", "(error parsing regexp: invalid or unsupported Perl syntax: `(?>`)")]
    [InlineData("a++", "(error parsing regexp: invalid nested repetition operator: `++`)")]
    [InlineData("a{1001}", "(error parsing regexp: invalid repeat count: `{1001}`)")]
    [InlineData("(unclosed", "(error parsing regexp: missing closing ): `(unclosed`)")]
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

    [Fact]
    public void Nodes_with_the_same_pattern_share_its_compilation_and_each_checks_its_own_values()
    {
        var first = new SchemaPattern("^[a-z]+-shared$");
        var second = new SchemaPattern("^[a-z]+-shared$");
        Assert.Null(first.Check("abc-shared"));
        Assert.Equal("should match '^[a-z]+-shared$'", second.Check("ABC-shared"));
        Assert.Null(second.Check("x-shared"));
        Assert.Contains("invalid escape sequence", new SchemaPattern("(b)\\1-shared").Check("b"), StringComparison.Ordinal);
        Assert.Contains("invalid escape sequence", new SchemaPattern("(b)\\1-shared").Check("b"), StringComparison.Ordinal);
    }
}
