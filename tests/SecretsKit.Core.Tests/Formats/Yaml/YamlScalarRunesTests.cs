using SecretsKit.Core.Formats.Yaml;

namespace SecretsKit.Core.Tests.Formats.Yaml;

/// <summary>
/// The code-point walk of libyaml's scalar analysis (<see cref="YamlScalarAnalysis.AnalyzeRunes"/>): what spaces,
/// breaks, tabs, special characters and indicators leave allowed, for the cases the visible-ASCII shortcut never sees
/// (<see cref="YamlScalarAnalysisTests"/> compares the two on visible ASCII only). Expected values are those of the
/// single-loop analysis before it was split into phases.
/// </summary>
public sealed class YamlScalarRunesTests
{
    [Theory]
    // leading/trailing space or break: no plain; a trailing space also rules out block
    [InlineData(" a", false, false, false, true, true)]
    [InlineData("a ", false, false, false, true, false)]
    [InlineData("\nab", true, false, false, true, true)]
    [InlineData("ab\n", true, false, false, true, true)]
    // breaks: multiline, no plain; space then break rules out single-quoted and block, break then space single-quoted
    [InlineData("a\nb", true, false, false, true, true)]
    [InlineData("a \nb", true, false, false, false, false)]
    [InlineData("a\n b", true, false, false, false, true)]
    // a tab: no plain, no single-quoted; a special character (NEL is also a break, the BOM is not printable) no block either
    [InlineData("a\tb", false, false, false, false, true)]
    [InlineData("\ta", false, false, false, false, true)]
    [InlineData("a\u0085b", true, false, false, false, false)]
    [InlineData("a\uFEFFb", false, false, false, false, false)]
    // indicators that depend on the blank before or after them
    [InlineData("- a", false, false, false, true, true)]
    [InlineData("-a", false, true, true, true, true)]
    [InlineData("a #b", false, false, false, true, true)]
    [InlineData("a#b", false, true, true, true, true)]
    [InlineData("a: b", false, false, false, true, true)]
    [InlineData("a:b", false, false, true, true, true)]
    [InlineData("? a", false, false, false, true, true)]
    [InlineData("--- a", false, false, false, true, true)]
    // printable non-ASCII with inner spaces: every style
    [InlineData("é ü", false, true, true, true, true)]
    public void Analysis_of_a_scalar_with_blanks_breaks_or_special_characters_allows_what_libyaml_allows(
        string value, bool multiline, bool flowPlain, bool blockPlain, bool singleQuoted, bool block)
    {
        Assert.Equal(new YamlScalarAnalysis(multiline, flowPlain, blockPlain, singleQuoted, block), YamlScalarAnalysis.AnalyzeRunes(value));
    }

    [Fact]
    public void An_astral_character_or_an_unpaired_surrogate_is_a_special_character()
    {
        // yaml.v3's is_printable stops at U+FFFD: a 4-byte character is special, and so is a lone surrogate.
        var special = new YamlScalarAnalysis(false, false, false, false, false);
        Assert.Equal(special, YamlScalarAnalysis.AnalyzeRunes("a\U0001F510b"));
        Assert.Equal(special, YamlScalarAnalysis.AnalyzeRunes("a\uD800b"));
    }
}
