using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Files;

/// <summary>Every real sops-made fixture decrypts through the CLI to the content in EXPECTED-CONTENT.json, MAC verified.</summary>
public sealed class FixtureDecryptTests : IClassFixture<FixtureDecryptTests.Keys>
{
    private readonly Keys _keys;

    public FixtureDecryptTests(Keys keys) => _keys = keys;

    public static TheoryData<string> EncryptedFixtures()
    {
        var data = new TheoryData<string>();
        var expected = JsonNode.Parse(SharedFixtures.Read("EXPECTED-CONTENT.json"))!["files"]!.AsObject();
        foreach (var (name, _) in expected)
        {
            if (name != "ft-no-mac.enc.yaml") data.Add(name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EncryptedFixtures))]
    public async Task Decrypt_real_sops_fixture_gives_expected_content_with_mac_verified(string fixture)
    {
        var expected = JsonNode.Parse(SharedFixtures.Read("EXPECTED-CONTENT.json"))!["files"]![fixture]!["content"]!;
        var isBinary = fixture.Contains("binary", StringComparison.Ordinal);
        var args = new List<string> { "decrypt" };
        if (isBinary) args.AddRange(new[] { "--input-type", "binary" });
        else args.AddRange(new[] { "--output-type", "json" });
        args.Add(SharedFixtures.PathOf(fixture));

        var result = await CliRunner.RunAsync(args, _keys.Env);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        if (isBinary)
        {
            Assert.Equal(expected["data"]!.GetValue<string>(), result.StdoutText);
        }
        else
        {
            var actual = JsonNode.Parse(result.Stdout)!;
            if (fixture.EndsWith(".ini", StringComparison.Ordinal))
            {
                // go-ini always has the implicit DEFAULT section, so sops's tree (and JSON output) holds "DEFAULT": {};
                // the logical expected content leaves it out.
                Assert.Equal("{}", actual["DEFAULT"]?.ToJsonString());
                actual.AsObject().Remove("DEFAULT");
            }
            Assert.True(JsonSemantics.Equal(expected, actual), $"expected {expected.ToJsonString()}\nactual   {actual.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Decrypt_file_without_mac_fails_with_51_and_succeeds_with_ignore_mac()
    {
        var path = SharedFixtures.PathOf("ft-no-mac.enc.yaml");
        var failed = await CliRunner.RunAsync(new[] { "decrypt", path }, _keys.Env);
        Assert.Equal(51, failed.ExitCode);
        Assert.Contains("no MAC", failed.Stderr, StringComparison.Ordinal);
        Assert.Empty(failed.Stdout);

        var ok = await CliRunner.RunAsync(new[] { "decrypt", "--ignore-mac", path }, _keys.Env);
        Assert.Equal(0, ok.ExitCode);
        Assert.Equal("myapp1: t00m4nys3cr3tzupdated\n", ok.StdoutText);
    }

    [Theory]
    [InlineData("ft-format.enc.yaml", "foo: bar\n")]
    [InlineData("ft-format.enc.json", "{\n\t\"foo\": \"bar\"\n}\n")]
    [InlineData("ft-format.enc.env", "foo = bar\n")]
    [InlineData("ft-format.enc.ini", "[foo]\nbar = baz\n")]
    [InlineData("ft-format-3.13.1-multiline.enc.ini", "[foo]\nbar = baz\n")]
    public async Task Decrypt_matches_sops_exact_output(string fixture, string expected)
    {
        var result = await CliRunner.RunAsync(new[] { "decrypt", SharedFixtures.PathOf(fixture) }, _keys.Env);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(expected, result.StdoutText);
    }

    /// <summary>GnuPG home with the fixture keys and an age key file holding every fixture age identity.</summary>
    public sealed class Keys : IAsyncLifetime
    {
        private GnupgHome? _gpg;
        private readonly TempDir _dir = new();

        public Dictionary<string, string?> Env { get; } = new();

        public async Task InitializeAsync()
        {
            _gpg = await GnupgHome.CreateAsync();
            var ageKeys = string.Join("\n", new[] { "sopsnix-age-keys.txt", "age-unittest-identity.txt", "age-unittest-other-identity.txt" }
                .Select(f => File.ReadAllText(SharedFixtures.PathOf(f))));
            Env["GNUPGHOME"] = _gpg.Path;
            Env["SOPS_AGE_KEY_FILE"] = _dir.Write("keys.txt", ageKeys);
        }

        public Task DisposeAsync()
        {
            _gpg?.Dispose();
            _dir.Dispose();
            return Task.CompletedTask;
        }
    }
}
