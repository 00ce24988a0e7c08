using SecretsKit.Core.Config;
using SecretsKit.Core.Errors;

namespace SecretsKit.Core.Tests.Config;

public sealed class SopsConfigParserTests
{
    private const string Fp1 = "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4";
    private const string Fp2 = "D7229043384BCC60326C6FB9D8720D957C3D3074";
    private const string Fp3 = "B611A2F9F11D0FF82568805119F9B5DAEA91FF86";

    private static SopsConfig Parse(string yaml) => SopsConfigParser.Parse(yaml, "/repo/.sops.yaml");

    private static string[] Keys(KeyGroupSpec group) => group.Keys.Select(k => $"{k.ConfigGroupKey}:{k.Identity}").ToArray();

    [Fact]
    public async Task Parses_sops_functional_test_config_rules_groups_and_destinations()
    {
        var config = await SopsConfigParser.LoadAsync(Path.Combine(TempTree.FixturesDirectory, "ft-dot-sops.yaml"));

        var rules = config.CreationRules!;
        Assert.Equal(6, rules.Count);

        Assert.Equal("test_roundtrip_keygroups.yaml", rules[0].PathRegex);
        Assert.True(rules[0].UsesKeyGroups);
        Assert.Equal(2, rules[0].KeyGroups.Count);
        Assert.Equal([$"pgp:{Fp1}"], Keys(rules[0].KeyGroups[0]));
        Assert.Equal([$"pgp:{Fp2}"], Keys(rules[0].KeyGroups[1]));
        Assert.Equal([$"pgp:{Fp3}"], Keys(rules[1].KeyGroups[1]));
        Assert.Equal(Fp1, rules[0].KeyGroups[0].Keys[0].Text);
        Assert.False(rules[0].KeyGroups[0].Keys[0].IsStructured);

        // test_no_keygroups: no keys at all → one empty single group
        Assert.False(rules[2].UsesKeyGroups);
        Assert.Single(rules[2].KeyGroups);
        Assert.Empty(rules[2].KeyGroups[0].Keys);
        Assert.False(rules[2].HasKeys);

        // key_groups: [] is treated like no key_groups (single-group keys, here none)
        Assert.Equal("test_zero_keygroups.yaml", rules[3].PathRegex);
        Assert.False(rules[3].UsesKeyGroups);
        Assert.Single(rules[3].KeyGroups);
        Assert.Empty(rules[3].KeyGroups[0].Keys);

        // key_groups: [{}] is one explicit, empty group
        Assert.True(rules[4].UsesKeyGroups);
        Assert.Single(rules[4].KeyGroups);
        Assert.Empty(rules[4].KeyGroups[0].Keys);

        // catch-all
        Assert.Null(rules[5].PathRegex);
        Assert.Equal([$"pgp:{Fp1}"], Keys(rules[5].KeyGroups[0]));

        Assert.Equal(3, config.DestinationRules.Count);
        var s3 = config.DestinationRules[0];
        Assert.Equal("sops-publish-functional-tests", s3.S3Bucket);
        Assert.Equal("functional-test/", s3.S3Prefix);
        Assert.Equal("test_encrypt_publish_s3.json", s3.PathRegex);
        Assert.Null(s3.RecreationRule); // the fixture spells it reencryption_rule, which sops ignores too
        var vault = config.DestinationRules[1];
        Assert.Equal("functional-test/", vault.VaultPath);
        Assert.Equal("secret/", vault.VaultKvMountName);
        Assert.Equal(2, vault.VaultKvVersion);
        Assert.Equal(1, config.DestinationRules[2].VaultKvVersion);
        Assert.Null(vault.S3Bucket);

        Assert.Equal(StoresConfig.Default, config.Stores);
    }

    [Fact]
    public void Destination_recreation_rule_is_parsed_as_a_creation_rule()
    {
        var config = Parse("""
            destination_rules:
              - path_regex: x
                gcs_bucket: b
                omit_extensions: true
                recreation_rule:
                  age: age1abc
            """);

        var rule = config.DestinationRules[0];
        Assert.Equal("b", rule.GcsBucket);
        Assert.True(rule.OmitExtensions);
        Assert.Equal(["age:age1abc"], Keys(rule.RecreationRule!.KeyGroups[0]));
        Assert.Equal("destination_rules[0].recreation_rule", rule.RecreationRule.Location);
        Assert.Null(config.CreationRules);
    }

    [Fact]
    public void Comma_separated_strings_and_yaml_lists_give_the_same_keys()
    {
        var config = Parse("""
            creation_rules:
              - path_regex: a
                age: "age1one, age1two,"
                pgp: [" AAAA BBBB ", "CCCC,DDDD"]
              - path_regex: b
                age:
                  - age1one
                  - age1two
                pgp: AAAABBBB, CCCC ,DDDD
            """);

        var a = Keys(config.CreationRules![0].KeyGroups[0]);
        var b = Keys(config.CreationRules[1].KeyGroups[0]);
        Assert.Equal(["age:age1one", "age:age1two", "pgp:AAAABBBB", "pgp:CCCC", "pgp:DDDD"], a);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Single_group_keys_follow_sops_rule_order_and_hc_vault_transit_uri_maps_to_hc_vault()
    {
        var config = Parse("""
            creation_rules:
              - hc_vault_transit_uri: https://vault:8200/v1/transit/keys/k
                azure_keyvault: https://v.vault.azure.net/keys/k/1
                hckms: [tenant:key-id]
                gcp_kms: projects/p/locations/l/keyRings/r/cryptoKeys/k
                kms: arn:aws:kms:us-east-1:1:key/k
                pgp: AAAA
                age: age1x
            """);

        var group = config.CreationRules![0].KeyGroups[0];
        Assert.Equal(["age", "pgp", "kms", "gcp_kms", "hckms", "azure_keyvault", "hc_vault"], group.Keys.Select(k => k.ConfigGroupKey));
        Assert.Equal(ConfigGroupKeys.RuleOrder, group.Keys.Select(k => k.ConfigGroupKey));
        Assert.Equal("https://vault:8200/v1/transit/keys/k", group.Keys[6].Text);
        Assert.False(group.Keys[3].IsStructured);
    }

    [Fact]
    public void Rule_kms_arn_plus_role_is_split_and_aws_profile_applies_to_each_kms_key()
    {
        var config = Parse("""
            creation_rules:
              - aws_profile: prod
                kms: >-
                  arn:aws:kms:us-east-1:111:key/a+arn:aws:iam::111:role/sops,
                  arn:aws:kms:eu-west-1:222:alias/b
            """);

        var keys = config.CreationRules![0].KeyGroups[0].Keys;
        Assert.Equal(2, keys.Count);
        Assert.True(keys[0].IsStructured);
        Assert.Equal("arn:aws:kms:us-east-1:111:key/a", keys[0].Field("arn"));
        Assert.Equal("arn:aws:iam::111:role/sops", keys[0].Field("role"));
        Assert.Equal("prod", keys[0].Field("aws_profile"));
        Assert.Equal("arn:aws:kms:us-east-1:111:key/a+arn:aws:iam::111:role/sops", keys[0].Text);
        Assert.Equal("arn:aws:kms:eu-west-1:222:alias/b", keys[1].Field("arn"));
        Assert.False(keys[1].Fields!.ContainsKey("role"));
        Assert.Equal("prod", keys[1].Field("aws_profile"));
        Assert.Equal("prod", config.CreationRules[0].AwsProfile);
    }

    [Fact]
    public void Key_group_objects_keep_their_fields_and_kms_context()
    {
        var config = Parse("""
            creation_rules:
              - aws_profile: ignored-for-key-groups
                key_groups:
                  - kms:
                      - arn: arn:aws:kms:us-east-1:1:key/a
                        role: arn:aws:iam::1:role/r
                        aws_profile: dev
                        context:
                          app: web
                          empty:
                    gcp_kms:
                      - resource_id: projects/p/locations/l/keyRings/r/cryptoKeys/k
                    azure_keyvault:
                      - vaultUrl: https://v.vault.azure.net
                        key: sops-key
                        version: abc123
                    hckms:
                      - key_id: tenant:uuid
                    hc_vault:
                      - https://vault:8200/v1/sops/keys/first
            """);

        var keys = config.CreationRules![0].KeyGroups[0].Keys;
        Assert.Equal(["kms", "gcp_kms", "hckms", "azure_keyvault", "hc_vault"], keys.Select(k => k.ConfigGroupKey));
        var kms = keys[0];
        Assert.Null(kms.Text);
        Assert.Equal("arn:aws:iam::1:role/r", kms.Field("role"));
        Assert.Equal("dev", kms.Field("aws_profile"));
        Assert.Equal("web", kms.Context!["app"]);
        Assert.Equal("", kms.Context["empty"]);
        Assert.Equal("projects/p/locations/l/keyRings/r/cryptoKeys/k", keys[1].Field("resource_id"));
        Assert.Equal("tenant:uuid", keys[2].Field("key_id"));
        Assert.Equal("https://v.vault.azure.net/keys/sops-key/abc123", keys[3].Identity);
        Assert.Equal("sops-key", keys[3].Field("key"));
        Assert.Equal("https://vault:8200/v1/sops/keys/first", keys[4].Text);
    }

    [Fact]
    public void Merge_groups_are_concatenated_first_recursively_and_duplicates_dropped()
    {
        var config = Parse("""
            creation_rules:
              - key_groups:
                  - pgp: [PGP-OWN]
                    age: [age1own]
                    merge:
                      - pgp: [PGP-A]
                        merge:
                          - age: [age1deep]
                      - age: [age1own, age1b]
                        pgp: [PGP-A]
            """);

        var group = config.CreationRules![0].KeyGroups[0];
        Assert.Equal(["age:age1deep", "pgp:PGP-A", "age:age1own", "age:age1b", "pgp:PGP-OWN"], Keys(group));
    }

    [Fact]
    public void Same_text_under_different_types_is_not_a_duplicate()
    {
        var config = Parse("""
            creation_rules:
              - age: [same, same]
                pgp: [same]
            """);

        Assert.Equal(["age:same", "pgp:same"], Keys(config.CreationRules![0].KeyGroups[0]));
    }

    [Fact]
    public void Rule_settings_stores_and_unknown_keys()
    {
        var config = Parse("""
            filename_regex: ignored
            stores:
              yaml: {indent: 2}
              json: {indent: 4}
              json_binary: {indent: 0}
              dotenv: {}
            creation_rules:
              - path_regex: \.env$
                shamir_threshold: 2
                encrypted_regex: ^(data|stringData)$
                mac_only_encrypted: true
                something_new: 1
            """);

        var rule = config.CreationRules![0];
        Assert.Equal(2, rule.ShamirThreshold);
        Assert.Equal("^(data|stringData)$", rule.CryptRules.EncryptedRegex);
        Assert.Equal(1, rule.CryptRules.CountSet());
        Assert.True(rule.MacOnlyEncrypted);
        Assert.Equal(new StoresConfig(2, 4, 0), config.Stores);
        Assert.Equal(4, StoresConfig.Default.YamlIndentOrDefault);
        Assert.Equal(-1, StoresConfig.Default.JsonIndentOrDefault);
    }

    [Fact]
    public void Anchors_aliases_and_merge_keys_are_resolved()
    {
        var config = Parse("""
            x-keys: &keys
              pgp: AAAA
              age: age1anchored
            creation_rules:
              - path_regex: one
                <<: *keys
                age: age1own
              - path_regex: two
                pgp: *keys
            """.Replace("pgp: *keys", "key_groups: [*keys]", StringComparison.Ordinal));

        Assert.Equal(["age:age1own", "pgp:AAAA"], Keys(config.CreationRules![0].KeyGroups[0]));
        Assert.Equal(["age:age1anchored", "pgp:AAAA"], Keys(config.CreationRules[1].KeyGroups[0]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("stores:\n  yaml:\n    indent: 2\n")]
    public void Config_without_creation_rules_has_null_rules(string yaml)
    {
        Assert.Null(Parse(yaml).CreationRules);
    }

    [Fact]
    public void Broken_yaml_fails_with_exit_1_naming_file_line_and_column()
    {
        var e = Assert.Throws<SecretsKitException>(() => Parse("creation_rules:\n  - path_regex: a\n    pgp: [unclosed\n"));

        Assert.Equal(ExitCodes.Generic, e.ExitCode);
        Assert.StartsWith("/repo/.sops.yaml: invalid YAML at line ", e.Message, StringComparison.Ordinal);
        Assert.Contains("column", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys_fail_like_yaml_v3()
    {
        var e = Assert.Throws<SecretsKitException>(() => Parse("creation_rules: []\ncreation_rules: []\n"));

        Assert.Equal(ExitCodes.Generic, e.ExitCode);
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_shapes_fail_with_the_setting_and_position()
    {
        var notList = Assert.Throws<SecretsKitException>(() => Parse("creation_rules:\n  path_regex: a\n"));
        var badItem = Assert.Throws<SecretsKitException>(() => Parse("creation_rules:\n  - pgp:\n      - {a: b}\n"));
        var noArn = Assert.Throws<SecretsKitException>(() => Parse("creation_rules:\n  - key_groups:\n      - kms:\n          - role: r\n"));
        var badInt = Assert.Throws<SecretsKitException>(() => Parse("creation_rules:\n  - shamir_threshold: two\n"));

        Assert.Contains("config.creation_rules must be a list (line 2, column 3)", notList.Message, StringComparison.Ordinal);
        Assert.Contains("invalid pgp key configuration in creation_rules[0]", badItem.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", badItem.Message, StringComparison.Ordinal);
        Assert.Contains("creation_rules[0].key_groups[0].kms[0] has no arn", noArn.Message, StringComparison.Ordinal);
        Assert.Contains("creation_rules[0].shamir_threshold must be an integer", badInt.Message, StringComparison.Ordinal);
    }
}
