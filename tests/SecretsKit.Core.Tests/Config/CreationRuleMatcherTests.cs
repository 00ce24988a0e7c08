using SecretsKit.Core.Config;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Patterns;

namespace SecretsKit.Core.Tests.Config;

public sealed class CreationRuleMatcherTests
{
    private const string Repo = "/work/repo";

    private static SopsConfig Parse(string yaml, string path = Repo + "/.sops.yaml") => SopsConfigParser.Parse(yaml, path);

    [Theory]
    [InlineData("/tmp/sk/test_roundtrip_keygroups.yaml", 0)]
    [InlineData("/tmp/sk/test_roundtrip_keygroups_missing_decryption_key.yaml", 1)]
    [InlineData("/tmp/sk/test_zero_keygroups.yaml", 3)]
    [InlineData("/tmp/sk/test_empty_keygroup.yaml", 4)]
    [InlineData("/tmp/sk/anything-else.json", 5)]
    public async Task Functional_test_config_matches_files_by_name(string file, int expectedRule)
    {
        var config = await SopsConfigParser.LoadAsync(Path.Combine(TempTree.FixturesDirectory, "ft-dot-sops.yaml"));

        var match = config.MatchCreationRule(file, "/tmp/sk")!;

        Assert.Equal(expectedRule, match.Rule.Index);
    }

    [Fact]
    public void Path_is_matched_relative_to_the_config_directory()
    {
        var config = Parse("""
            creation_rules:
              - path_regex: ^secrets/.*\.yaml$
                age: age1secrets
              - age: age1other
            """);

        var inside = config.MatchCreationRule(Repo + "/secrets/db.yaml", "/elsewhere")!;
        var relativeToCwd = config.MatchCreationRule("secrets/db.yaml", Repo)!;
        var nested = config.MatchCreationRule(Repo + "/app/secrets/db.yaml", "/")!;

        Assert.Equal(0, inside.Rule.Index);
        Assert.Equal("secrets/db.yaml", inside.MatchedPath);
        Assert.Equal(0, relativeToCwd.Rule.Index);
        Assert.Equal(1, nested.Rule.Index); // ^secrets does not match app/secrets/…
        Assert.Equal("app/secrets/db.yaml", nested.MatchedPath);
    }

    [Fact]
    public void File_outside_the_config_directory_is_matched_by_absolute_path()
    {
        var config = Parse("""
            creation_rules:
              - path_regex: ^/other/place/
                pgp: AAAA
            """);

        var match = config.MatchCreationRule("/other/place/f.yaml", "/")!;

        Assert.Equal("/other/place/f.yaml", match.MatchedPath);
        Assert.Contains("matched '/other/place/f.yaml'", match.Describe(), StringComparison.Ordinal);
        Assert.Contains("creation_rules[0]", match.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void First_matching_rule_wins_and_regex_is_unanchored()
    {
        var config = Parse("""
            creation_rules:
              - path_regex: prod
                age: age1prod
              - path_regex: \.yaml$
                age: age1yaml
            """);

        Assert.Equal(0, config.MatchCreationRule("envs/prod/values.yaml", Repo)!.Rule.Index);
        Assert.Equal(1, config.MatchCreationRule("envs/dev/values.yaml", Repo)!.Rule.Index);
    }

    [Fact]
    public void No_match_fails_with_exit_1_naming_config_file_and_listing_regexes()
    {
        var config = Parse("""
            creation_rules:
              - path_regex: ^prod/
                age: age1a
              - path_regex: \.env$
                age: age1b
            """);

        var e = Assert.Throws<SecretsKitException>(() => config.MatchCreationRule(Repo + "/dev/values.yaml", "/"));

        Assert.Equal(ExitCodes.Generic, e.ExitCode);
        Assert.Equal($"no matching creation rules found in {Repo}/.sops.yaml for dev/values.yaml", e.Message);
        Assert.Contains("'^prod/', '\\.env$'", e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_creation_rules_list_matches_nothing_but_absent_list_returns_null()
    {
        var empty = Parse("creation_rules: []\n");
        var absent = Parse("destination_rules: []\n");

        Assert.Throws<SecretsKitException>(() => empty.MatchCreationRule("a.yaml", Repo));
        Assert.Null(absent.MatchCreationRule("a.yaml", Repo));
    }

    [Fact]
    public void Matched_rule_with_two_crypt_rules_fails_naming_file_and_rule_index()
    {
        var config = Parse("""
            creation_rules:
              - path_regex: ^a/
                age: age1a
              - path_regex: ^b/
                encrypted_regex: ^data$
                unencrypted_suffix: _plain
                age: age1b
            """);

        var e = Assert.Throws<SecretsKitException>(() => config.MatchCreationRule("b/x.yaml", Repo));
        var fine = config.MatchCreationRule("a/x.yaml", Repo); // the broken rule is not reached

        Assert.Equal(ExitCodes.Generic, e.ExitCode);
        Assert.StartsWith($"{Repo}/.sops.yaml: creation_rules[1] sets more than one of", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, fine!.Rule.Index);
    }

    [Fact]
    public void Re2_named_groups_are_accepted_and_invalid_regex_is_a_clear_error()
    {
        var named = Parse("creation_rules:\n  - path_regex: (?P<env>prod|dev)/\n    age: age1x\n");
        var broken = Parse("creation_rules:\n  - path_regex: (unclosed\n    age: age1x\n");

        Assert.Equal(0, named.MatchCreationRule("dev/v.yaml", Repo)!.Rule.Index);
        var e = Assert.Throws<InvalidPatternException>(() => broken.MatchCreationRule("x", Repo));
        Assert.EndsWith("creation_rules[0]: path_regex: invalid regular expression '(unclosed': error parsing regexp: missing closing ): `(unclosed`",
            e.Message, StringComparison.Ordinal);
        Assert.Equal("path_regex uses Go's RE2 syntax (no look-around or back-references)", e.Hint);
    }
}
