using System.Diagnostics;
using SecretsKit.Core.Config;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Patterns;

namespace SecretsKit.Core.Tests.Config;

/// <summary>
/// <c>.sops.yaml</c> settings sops refuses (or crashes on) are clear one-line errors: a quoted <c>shamir_threshold</c>
/// (yaml.v3 will not put a string in an int), a negative <c>stores.*.indent</c>, and a <c>path_regex</c> past the
/// size budget, refused at once and quoted bounded.
/// </summary>
public sealed class ConfigStrictnessTests
{
    private static SopsConfig Parse(string yaml) => SopsConfigParser.Parse(yaml, "/repo/.sops.yaml");

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("'2'")]
    public void A_quoted_shamir_threshold_is_refused_as_sops_refuses_it(string value)
    {
        var error = Assert.Throws<SecretsKitException>(() => Parse($"creation_rules:\n  - age: age1x\n    shamir_threshold: {value}\n"));

        Assert.Contains("shamir_threshold must be an integer", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2", 2)]
    [InlineData("0x3", 3)] // yaml.v3 reads Go's base prefixes
    [InlineData("2.9", 2)] // and truncates a float into an int field
    public void An_unquoted_shamir_threshold_is_read_as_yaml_v3_reads_an_int(string value, int expected)
    {
        Assert.Equal(expected, Parse($"creation_rules:\n  - age: age1x\n    shamir_threshold: {value}\n").CreationRules![0].ShamirThreshold);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("yes", true)] // yaml.v3 keeps YAML 1.1's booleans for a typed bool, quoted or not
    [InlineData("'off'", false)]
    public void A_boolean_setting_is_read_as_yaml_v3_reads_a_bool(string value, bool expected)
    {
        Assert.Equal(expected, Parse($"creation_rules:\n  - age: age1x\n    mac_only_encrypted: {value}\n").CreationRules![0].MacOnlyEncrypted);
    }

    [Theory]
    [InlineData("tRUE")]
    [InlineData("\"true\"")] // a quoted "true" is a string, which yaml.v3 will not put in a bool
    [InlineData("yEs")]
    public void A_boolean_setting_yaml_v3_refuses_is_refused(string value)
    {
        var error = Assert.Throws<SecretsKitException>(() => Parse($"creation_rules:\n  - age: age1x\n    mac_only_encrypted: {value}\n"));

        Assert.Contains("mac_only_encrypted must be true or false", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yaml")]
    [InlineData("json")]
    public void A_negative_store_indent_is_a_clear_error(string store)
    {
        var error = Assert.Throws<SecretsKitException>(() => Parse($"stores:\n  {store}:\n    indent: -4\n"));

        Assert.Contains($"stores.{store}.indent must be 0 or more, not -4", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_regex_of_50000_alternatives_is_refused_at_once_and_quoted_bounded()
    {
        var pattern = string.Join('|', Enumerable.Range(0, 50_000).Select(i => $"file{i}\\.yaml"));
        var config = Parse($"creation_rules:\n  - path_regex: '{pattern}'\n    age: age1x\n");

        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<InvalidPatternException>(() => config.MatchCreationRule("/repo/other.yaml", "/repo"));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed.TotalSeconds:0.0}s");
        Assert.Contains("over the limit of 10,000", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, $"{error.Message.Length} characters");
    }
}
