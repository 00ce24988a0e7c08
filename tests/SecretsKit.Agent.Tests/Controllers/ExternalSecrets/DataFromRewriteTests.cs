using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Fake;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers.ExternalSecrets;

/// <summary>
/// <c>dataFrom[].rewrite</c> (regexp, transform, merge) and the key conversion after it, with the examples of ESO's
/// docs/guides/datafrom-rewrite.md, through the Kubernetes API fake serving the chart's CRDs: the exact keys and values
/// of the Secret, or the exact failure on the ExternalSecret.
/// </summary>
public sealed class DataFromRewriteTests
{
    private static async Task<AgentCluster> SyncAsync(string dataFrom, params (string Key, string Value)[] provider)
    {
        var c = await StartAsync();
        c.Store("default", "backend", FakeProvider(provider));
        var spec = Spec("backend");
        spec.Remove("data");
        spec["dataFrom"] = JsonNode.Parse(dataFrom);
        c.ExternalSecret("default", "es", spec);
        await c.PassAsync();
        return c;
    }

    private static SortedDictionary<string, string> Data(AgentCluster c) =>
        new((c.TargetSecret("default", "es")?["data"] as JsonObject ?? []).ToDictionary(kv => kv.Key,
            kv => Encoding.UTF8.GetString(Convert.FromBase64String(kv.Value!.GetValue<string>()))), StringComparer.Ordinal);

    private static void AssertData(AgentCluster c, params (string Key, string Value)[] expected)
    {
        Assert.True(c.ReadyStatus("default", "es") == "True", c.ReadyMessage("default", "es"));
        Assert.Equal(new SortedDictionary<string, string>(expected.ToDictionary(e => e.Key, e => e.Value), StringComparer.Ordinal), Data(c));
    }

    [Fact]
    public async Task Transform_template_turns_every_key_into_an_env_name_as_the_docs_show()
    {
        await using var c = await SyncAsync("""
            [{"find":{"name":{"regexp":".*"}},"rewrite":[{"transform":{"template":"ENV_{{ .value | upper | replace \"-\" \"_\" }}"}}]}]
            """, ("foo-nut-bar", "HELLO1"), ("foo-naz-bar", "HELLO2"), ("foo-bar-baz", """{"john": "doe"}"""));

        AssertData(c, ("ENV_FOO_BAR_BAZ", """{"john": "doe"}"""), ("ENV_FOO_NAZ_BAR", "HELLO2"), ("ENV_FOO_NUT_BAR", "HELLO1"));
        Assert.Equal("eyJqb2huIjogImRvZSJ9", c.TargetSecret("default", "es")!["data"]!["ENV_FOO_BAR_BAZ"]!.GetValue<string>());
    }

    [Fact]
    public async Task Merge_with_no_options_hoists_the_fields_of_every_found_secret_as_the_docs_show()
    {
        await using var c = await SyncAsync("""
            [{"find":{"path":"path/to/secrets","name":{"regexp":".*-credentials"}},"rewrite":[{"merge":{}}]}]
            """,
            ("path/to/secrets/object-storage-credentials", """{"ACCESS_KEY": "XXXX", "SECRET_KEY": "YYYY"}"""),
            ("path/to/secrets/mongo-credentials", """{"USERNAME": "XXXX", "PASSWORD": "YYYY"}"""),
            ("path/to/secrets/unrelated", """{"OTHER": "ZZZZ"}"""));

        AssertData(c, ("ACCESS_KEY", "XXXX"), ("PASSWORD", "YYYY"), ("SECRET_KEY", "YYYY"), ("USERNAME", "XXXX"));
    }

    [Fact]
    public async Task Merge_conflict_fails_with_esos_message_naming_the_field_and_keeps_nothing_written()
    {
        await using var c = await SyncAsync("""
            [{"extract":{"key":"a"}},{"find":{"name":{"regexp":"^(dev|prod)$"}},"rewrite":[{"merge":{}}]}]
            """, ("a", """{"x":"1"}"""), ("dev", """{"password":"bar","user":"u"}"""), ("prod", """{"password":"safebar"}"""));

        Assert.Equal("False", c.ReadyStatus("default", "es"));
        Assert.Equal("error processing spec.dataFrom[1].find, err: error applying rewrite to keys: failed rewrite operation[0]: merge failed with conflicts: password",
            c.ReadyMessage("default", "es"));
        Assert.Null(c.TargetSecret("default", "es"));
    }

    [Fact]
    public async Task Merge_conflicts_ignored_let_the_priority_key_win_and_non_strings_keep_their_json()
    {
        await using var c = await SyncAsync("""
            [{"find":{"name":{"regexp":"^(dev|prod|base)$"}},"rewrite":[{"merge":{"conflictPolicy":"Ignore","priority":["dev"]}}]}]
            """, ("base", """{"password":"base","port":5432,"tls":true,"opts":{"b":"<1>","a":[1,2.5]},"none":null}"""),
            ("dev", """{"password":"bar"}"""), ("prod", """{"password":"safebar"}"""));

        // sorted order base, prod, then the priority key dev; a number is strconv 'f', an object Go's json.Marshal (HTML-escaped)
        AssertData(c, ("none", ""), ("opts", """{"a":[1,2.5],"b":"\u003c1\u003e"}"""), ("password", "bar"), ("port", "5432"), ("tls", "true"));
    }

    [Fact]
    public async Task Merge_json_strategy_writes_the_merged_object_into_its_key_beside_the_inputs()
    {
        await using var c = await SyncAsync("""
            [{"find":{"name":{"regexp":"^cfg-"}},"rewrite":[{"merge":{"strategy":"JSON","into":"merged"}},{"regexp":{"source":"^cfg-","target":""}}]}]
            """, ("cfg-b", """{"z":"<&>","n":1e21}"""), ("cfg-a", """{"y":"2"}"""));

        AssertData(c, ("a", """{"y":"2"}"""), ("b", """{"z":"<&>","n":1e21}"""), ("merged", """{"n":1e+21,"y":"2","z":"<&>"}"""));
    }

    [Fact]
    public async Task Merge_names_a_missing_priority_key_unless_the_policy_ignores_it()
    {
        await using var strict = await SyncAsync("""[{"extract":{"key":"a"},"rewrite":[{"merge":{"priority":["nope"]}}]}]""", ("a", """{"k":"{\"x\":\"1\"}"}"""));
        Assert.EndsWith("""failed rewrite operation[0]: merge failed with key "nope" not found in input map""", strict.ReadyMessage("default", "es"), StringComparison.Ordinal);

        await using var ignore = await SyncAsync("""[{"extract":{"key":"a"},"rewrite":[{"merge":{"priority":["nope"],"priorityPolicy":"IgnoreNotFound"}}]}]""",
            ("a", """{"k":"{\"x\":\"1\"}"}"""));
        AssertData(ignore, ("x", "1"));
    }

    [Fact]
    public async Task Merge_of_a_value_that_is_no_json_object_fails()
    {
        await using var c = await SyncAsync("""[{"find":{"name":{"regexp":"k"}},"rewrite":[{"merge":{}}]}]""", ("k", "[1,2]"));

        Assert.EndsWith("merge failed with failed to unmarshal JSON: json: cannot unmarshal array into Go value of type map[string]interface {}",
            c.ReadyMessage("default", "es"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Regexp_removes_a_common_path_from_find_results_as_the_docs_show()
    {
        await using var c = await SyncAsync("""
            [{"find":{"path":"path/to/my","name":{"regexp":"secrets"}},"rewrite":[{"regexp":{"source":"path/to/my/secrets/(.*)","target":"$1"}}]}]
            """, ("path/to/my/secrets/username", "u"), ("path/to/my/secrets/password", "p"), ("path/to/other/x", "no"));

        AssertData(c, ("password", "p"), ("username", "u"));
    }

    [Fact]
    public async Task Regexp_prefixes_avoid_collisions_between_two_extracts()
    {
        // docs/snippets/datafrom-rewrite-conflict.yaml targets "dev-$1"; the guide's output shows dev_password, ESO's code writes dev-password
        await using var c = await SyncAsync("""
            [{"extract":{"key":"my-secrets-dev"},"rewrite":[{"regexp":{"source":"(.*)","target":"dev-$1"}}]},
             {"extract":{"key":"my-secrets-prod"},"rewrite":[{"regexp":{"source":"(.*)","target":"prod-$1"}}]}]
            """, ("my-secrets-dev", """{"password":"bar"}"""), ("my-secrets-prod", """{"password":"safebar"}"""));

        AssertData(c, ("dev-password", "bar"), ("prod-password", "safebar"));
    }

    [Fact]
    public async Task Regexp_replaces_invalid_characters_as_the_docs_show()
    {
        await using var c = await SyncAsync("""[{"extract":{"key":"development"},"rewrite":[{"regexp":{"source":"[^a-zA-Z0-9 -]","target":"_"}}]}]""",
            ("development", """{"foo/bar": "1111", "foo$baz": "2222"}"""));

        AssertData(c, ("foo_bar", "1111"), ("foo_baz", "2222"));
    }

    [Fact]
    public async Task Rewrites_are_applied_in_order_each_on_the_output_of_the_one_before()
    {
        await using var c = await SyncAsync("""
            [{"extract":{"key":"app"},"rewrite":[{"regexp":{"source":"^db_","target":""}},{"transform":{"template":"{{ .value | upper }}"}},{"regexp":{"source":"^(.*)$","target":"APP_${1}_V"}}]}]
            """, ("app", """{"db_user":"u","db_pass":"p"}"""));

        AssertData(c, ("APP_PASS_V", "p"), ("APP_USER_V", "u"));
    }

    [Theory]
    [InlineData("Unicode", "foo_U002f_bar", "a_U0024_b")]
    [InlineData("Default", "foo_bar", "a_b")]
    public async Task Conversion_strategy_replaces_characters_a_secret_key_cannot_hold(string strategy, string slashKey, string dollarKey)
    {
        await using var c = await SyncAsync("""[{"extract":{"key":"k","conversionStrategy":"STRATEGY"}}]""".Replace("STRATEGY", strategy, StringComparison.Ordinal), ("k", """{"foo/bar":"1","a$b":"2","ok.key-_9":"3"}"""));

        AssertData(c, (slashKey, "1"), (dollarKey, "2"), ("ok.key-_9", "3"));
    }

    [Fact]
    public async Task Find_keys_are_converted_too_but_a_rewrite_turns_the_conversion_off()
    {
        await using var converted = await SyncAsync("""[{"find":{"name":{"regexp":"^app/"},"conversionStrategy":"Unicode"}}]""", ("app/db", "x"));
        AssertData(converted, ("app_U002f_db", "x"));

        await using var rewritten = await SyncAsync("""[{"find":{"name":{"regexp":"^app/"}},"rewrite":[{"regexp":{"source":"^app","target":"svc"}}]}]""", ("app/db", "x"));
        Assert.Equal("error processing spec.dataFrom[0].find, err: invalid secret keys (TIP: use rewrite or conversionStrategy to change keys): "
            + "key has invalid character /, only alphanumeric, '-', '.' and '_' are allowed: svc/db", rewritten.ReadyMessage("default", "es"));
    }

    [Fact]
    public async Task A_bad_transform_template_or_regexp_is_reported_on_the_external_secret()
    {
        await using var transform = await SyncAsync("""[{"extract":{"key":"k"},"rewrite":[{"transform":{"template":"{{ nosuchfunc .value }}"}}]}]""", ("k", """{"a":"1"}"""));
        Assert.StartsWith("error processing spec.dataFrom[0].extract, err: error applying rewrite to keys: failed rewrite operation[0]: transform failed with failed to parse template: ",
            transform.ReadyMessage("default", "es"), StringComparison.Ordinal);
        Assert.Contains("\"nosuchfunc\" not defined", transform.ReadyMessage("default", "es"), StringComparison.Ordinal);

        await using var regexp = await SyncAsync("""[{"extract":{"key":"k"},"rewrite":[{"regexp":{"source":"(","target":"x"}}]}]""", ("k", """{"a":"1"}"""));
        Assert.Equal("error processing spec.dataFrom[0].extract, err: error applying rewrite to keys: failed rewrite operation[0]: regexp failed with failed to compile: "
            + "error parsing regexp: missing closing ): `(`", regexp.ReadyMessage("default", "es"));
    }

    [Fact]
    public async Task Null_byte_policy_fail_refuses_a_value_with_a_nul_byte_after_decoding()
    {
        await using var c = await StartAsync();
        c.Store("default", "backend", FakeProvider(("bin", "AGE="), ("obj", """{"a":"AGE=","b":"Yg=="}""")));
        c.ExternalSecret("default", "data", JsonNode.Parse("""
            {"secretStoreRef":{"name":"backend"},"data":[{"secretKey":"blob","remoteRef":{"key":"bin","decodingStrategy":"Base64","nullBytePolicy":"Fail"}}]}
            """)!.AsObject());
        c.ExternalSecret("default", "from", JsonNode.Parse("""
            {"secretStoreRef":{"name":"backend"},"dataFrom":[{"extract":{"key":"obj","decodingStrategy":"Base64","nullBytePolicy":"Fail"}}]}
            """)!.AsObject());
        c.ExternalSecret("default", "ignored", JsonNode.Parse("""
            {"secretStoreRef":{"name":"backend"},"data":[{"secretKey":"blob","remoteRef":{"key":"bin","decodingStrategy":"Base64"}}]}
            """)!.AsObject());

        await c.PassAsync();

        Assert.Equal("error processing spec.data[0] (key: bin), err: fetched secret value for key \"blob\" contains null bytes; "
            + "use a text-safe format such as PEM/base64 or leave nullBytePolicy unset for intentional binary data", c.ReadyMessage("default", "data"));
        Assert.Equal("error processing spec.dataFrom[0].extract, err: fetched secret value for key \"a\" contains null bytes; "
            + "use a text-safe format such as PEM/base64 or leave nullBytePolicy unset for intentional binary data", c.ReadyMessage("default", "from"));
        Assert.Null(c.TargetSecret("default", "data"));
        Assert.Equal("AGE=", c.TargetSecret("default", "ignored")!["data"]!["blob"]!.GetValue<string>());
    }
}
