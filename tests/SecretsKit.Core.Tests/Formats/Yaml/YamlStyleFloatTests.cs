using System.Text.RegularExpressions;
using SecretsKit.Core.Formats.Yaml;

namespace SecretsKit.Core.Tests.Formats.Yaml;

/// <summary>
/// <see cref="YamlScalars.IsYamlStyleFloat"/> scans go-yaml's float shape by hand; .NET's regex engine on go-yaml's own
/// expression is the reference, over every string of up to four characters from the shape's alphabet and 100,000 longer
/// ones (a fixed seed).
/// </summary>
public sealed class YamlStyleFloatTests
{
    private static readonly Regex GoYamlFloat = new(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant);
    private const string Alphabet = "+-.eE019_x ";

    [Fact]
    public void Every_short_string_over_the_alphabet_is_judged_as_go_yaml_s_expression_judges_it()
    {
        var checkedCount = 0;
        foreach (var s in Strings(4))
        {
            Assert.True(GoYamlFloat.IsMatch(s) == YamlScalars.IsYamlStyleFloat(s), $"'{s}'");
            checkedCount++;
        }
        Assert.True(checkedCount > 15_000, $"only {checkedCount} strings");
    }

    [Fact]
    public void Longer_random_strings_are_judged_alike_and_some_of_them_are_floats()
    {
        var random = new Random(81);
        var floats = 0;
        for (var n = 0; n < 100_000; n++)
        {
            var chars = new char[random.Next(5, 14)];
            for (var i = 0; i < chars.Length; i++) chars[i] = Alphabet[random.Next(Alphabet.Length)];
            var s = new string(chars);
            var expected = GoYamlFloat.IsMatch(s);
            Assert.True(expected == YamlScalars.IsYamlStyleFloat(s), $"'{s}'");
            if (expected) floats++;
        }
        Assert.True(floats > 10, $"only {floats} floats");
    }

    [Theory]
    [InlineData("1.5", true)]
    [InlineData(".5", true)]
    [InlineData("5.", true)]
    [InlineData("-1e10", true)]
    [InlineData("+.5E-3", true)]
    [InlineData("3.13.2", false)]
    [InlineData(".", false)]
    [InlineData("e5", false)]
    [InlineData("1e", false)]
    [InlineData("", false)]
    [InlineData("1.5\n", false)]
    public void Known_shapes(string s, bool expected) => Assert.Equal(expected, YamlScalars.IsYamlStyleFloat(s));

    private static IEnumerable<string> Strings(int maxLength)
    {
        IEnumerable<string> level = [""];
        for (var length = 1; length <= maxLength; length++)
        {
            level = level.SelectMany(prefix => Alphabet.Select(c => prefix + c)).ToList();
            foreach (var s in level) yield return s;
        }
    }
}
