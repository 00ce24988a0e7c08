using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Generators.Password;
using SecretsKit.Agent.Generators.Shared;
using SecretsKit.Agent.Model;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Generators.Password;

/// <summary>
/// ESO v2.9's <c>Password</c> rules (generators/v1/password): defaults, <c>encoding</c> (raw, base64, base64url, base32,
/// hex, as Go's encoders write them) and <c>secretKeys</c> (one password per key, each non-empty and unique), directly and
/// through the Kubernetes API fake with the chart's CRDs (which would prune a field they do not declare).
/// </summary>
public sealed class PasswordGeneratorTests
{
    private const string DefaultSymbols = "~!@#$%^&*()_+`-={}|[]\\:\"<>?,./";

    private static string Text(IReadOnlyDictionary<string, byte[]> keys, string key) => Encoding.UTF8.GetString(keys[key]);

    [Fact]
    public void An_empty_spec_gives_one_24_character_password_with_6_digits_and_6_default_symbols_under_key_password()
    {
        var keys = PasswordGenerator.Generate(new JsonObject(), "Password default/pw");

        Assert.Equal(["password"], keys.Keys);
        var password = Text(keys, "password");
        Assert.Equal(24, password.Length);
        Assert.Equal(6, password.Count(char.IsAsciiDigit));
        Assert.Equal(6, password.Count(ch => DefaultSymbols.Contains(ch, StringComparison.Ordinal)));
        Assert.Equal(12, password.Count(char.IsAsciiLetter));
        Assert.Equal(24, password.Distinct().Count());
    }

    [Fact]
    public void A_length_of_zero_or_less_falls_back_to_24_as_in_eso()
    {
        Assert.Equal(24, Text(PasswordGenerator.Generate(new JsonObject { ["length"] = 0 }, "pw"), "password").Length);
        Assert.Equal(24, Text(PasswordGenerator.Generate(new JsonObject { ["length"] = -3 }, "pw"), "password").Length);
    }

    [Theory]
    [InlineData("raw", "test_raw", "test_raw")]
    [InlineData("hex", "test_hex", "746573745f686578")]
    [InlineData("base64", "test_base64", "dGVzdF9iYXNlNjQ=")]
    [InlineData("base64", "Test>>Pass??word", "VGVzdD4+UGFzcz8/d29yZA==")] // ESO's documented examples for one password
    [InlineData("base64url", "Test>>Pass??word", "VGVzdD4-UGFzcz8_d29yZA==")] // '-' and '_' for '+' and '/', '=' padding kept
    [InlineData("hex", "Test>>Pass??word", "546573743e3e506173733f3f776f7264")]
    [InlineData("base32", "Test>>Pass??word", "KRSXG5B6HZIGC43TH47XO33SMQ======")] // Go's base32.StdEncoding (ESO's page prints another string's)
    [InlineData("base32", "foobar", "MZXW6YTBOI======")] // RFC 4648's test vector, padded
    [InlineData("base32", "test_b32", "ORSXG5C7MIZTE===")]
    [InlineData(null, "plain", "plain")] // no encoding is raw
    [InlineData("rot13", "plain", "plain")] // ESO writes an unknown encoding raw
    public void Each_encoding_writes_the_password_as_gos_encoder_does(string? encoding, string password, string written)
    {
        Assert.Equal(written, Encoding.ASCII.GetString(PasswordEncoding.Encode(Encoding.UTF8.GetBytes(password), encoding)));
    }

    [Theory]
    [InlineData("hex")]
    [InlineData("base64")]
    [InlineData("base64url")]
    [InlineData("base32")]
    public void An_encoded_password_decodes_to_one_that_follows_the_spec(string encoding)
    {
        var spec = new JsonObject { ["length"] = 30, ["digits"] = 5, ["symbols"] = 5, ["symbolCharacters"] = "+/?", ["allowRepeat"] = true, ["encoding"] = encoding };

        var written = Text(PasswordGenerator.Generate(spec, "pw"), "password");

        var raw = Encoding.UTF8.GetString(encoding switch
        {
            "hex" => Convert.FromHexString(written),
            "base64" => Convert.FromBase64String(written),
            "base64url" => Convert.FromBase64String(written.Replace('-', '+').Replace('_', '/')),
            _ => Base32.Decode(written.TrimEnd('='))!,
        });
        Assert.Equal(30, raw.Length);
        Assert.Equal(5, raw.Count(char.IsAsciiDigit));
        Assert.Equal(5, raw.Count(ch => ch is '+' or '/' or '?'));
        if (encoding == "hex") Assert.Equal(written.ToLowerInvariant(), written);
    }

    [Fact]
    public void Secret_keys_get_one_password_each_with_the_same_rules_and_encoding()
    {
        var spec = new JsonObject { ["length"] = 20, ["noUpper"] = true, ["secretKeys"] = new JsonArray("first", "second", "third"), ["encoding"] = "hex" };

        var keys = PasswordGenerator.Generate(spec, "pw");

        Assert.Equal(["first", "second", "third"], keys.Keys.Order(StringComparer.Ordinal));
        var passwords = keys.Values.Select(v => Encoding.UTF8.GetString(Convert.FromHexString(Encoding.ASCII.GetString(v)))).ToList();
        Assert.All(passwords, p => Assert.Equal(20, p.Length));
        Assert.All(passwords, p => Assert.DoesNotContain(p, char.IsAsciiLetterUpper));
        Assert.Equal(3, passwords.Distinct().Count());
    }

    [Fact]
    public void An_empty_secret_keys_list_is_the_default_key()
    {
        Assert.Equal(["password"], PasswordGenerator.Generate(new JsonObject { ["secretKeys"] = new JsonArray() }, "pw").Keys);
    }

    [Theory]
    [InlineData("""[""]""")]
    [InlineData("""["dup","dup"]""")]
    [InlineData("""["a",""]""")]
    [InlineData("""["a",7]""")]
    public void An_empty_repeated_or_non_string_secret_key_is_esos_error(string secretKeys)
    {
        var spec = new JsonObject { ["secretKeys"] = JsonNode.Parse(secretKeys) };

        var e = Assert.Throws<ReconcileException>(() => PasswordGenerator.Generate(spec, "Password default/pw"));

        Assert.Equal("Password default/pw: secretKeys must be non-empty and unique", e.Message);
    }

    [Fact]
    public void Secret_keys_that_are_not_a_list_are_refused()
    {
        var e = Assert.Throws<ReconcileException>(() => PasswordGenerator.Generate(new JsonObject { ["secretKeys"] = "db" }, "pw"));

        Assert.Equal("pw: spec.secretKeys is not a list", e.Message);
    }

    [Fact]
    public void More_secret_keys_than_the_budget_are_refused_before_any_password_is_drawn()
    {
        var spec = new JsonObject { ["secretKeys"] = new JsonArray([.. Enumerable.Range(0, PasswordGenerator.MaxSecretKeys + 1).Select(i => (JsonNode)("k" + i))]) };

        var e = Assert.Throws<ReconcileException>(() => PasswordGenerator.Generate(spec, "pw"));

        Assert.Contains("more than the agent's limit of 256", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secret_keys_and_encoding_reach_the_agent_through_the_charts_password_and_cluster_generator_crds()
    {
        await using var c = await StartAsync();
        c.Namespace("team-a");
        Generator(c, "Password", "team-a", "pw", new JsonObject
        {
            ["length"] = 16, ["secretKeys"] = new JsonArray("db", "api"), ["encoding"] = "base64url",
        });
        Generator(c, "ClusterGenerator", null, "shared", new JsonObject
        {
            ["kind"] = "Password",
            ["generator"] = new JsonObject { ["passwordSpec"] = new JsonObject { ["length"] = 12, ["secretKeys"] = new JsonArray("token"), ["encoding"] = "hex" } },
        });
        c.ExternalSecret("team-a", "creds", GeneratorSpec(("Password", "pw"), ("ClusterGenerator", "shared")));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("team-a", "creds") == "True", c.ReadyMessage("team-a", "creds"));
        Assert.Equal(["api", "db", "token"], (c.TargetSecret("team-a", "creds")!["data"] as JsonObject)!.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        var db = Convert.FromBase64String(c.Value("team-a", "creds", "db")!.Replace('-', '+').Replace('_', '/'));
        var api = Convert.FromBase64String(c.Value("team-a", "creds", "api")!.Replace('-', '+').Replace('_', '/'));
        Assert.Equal(16, db.Length);
        Assert.Equal(16, api.Length);
        Assert.NotEqual(db, api);
        Assert.Equal(12, Convert.FromHexString(c.Value("team-a", "creds", "token")!).Length);
        Assert.Null(c.Value("team-a", "creds", "password"));
        Assert.Empty(c.Server.UnknownFields);
    }

    [Fact]
    public async Task The_charts_crd_refuses_an_encoding_outside_esos_enum()
    {
        await using var c = await StartAsync();

        var e = Assert.ThrowsAny<Exception>(() => Generator(c, "Password", "default", "pw", new JsonObject { ["encoding"] = "rot13" }));

        Assert.Contains("encoding", e.Message, StringComparison.Ordinal);
    }
}
