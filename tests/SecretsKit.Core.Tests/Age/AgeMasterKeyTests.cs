using System.Globalization;
using System.Text;
using SecretsKit.Core.Age;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Core.Tests.Age;

/// <summary>The sops integration: AgeKeySource / AgeMasterKey wrapping and unwrapping data keys.</summary>
public sealed class AgeMasterKeyTests : IDisposable
{
    private readonly TempDir _home = new();
    private readonly Dictionary<string, string> _vars = new(StringComparer.Ordinal);

    private static string Recipient1 => AgeTestFiles.ReadFixture("age-unittest-identity.recipient.txt").Trim();

    public void Dispose() => _home.Dispose();

    private AgeKeySource Source(IPassphraseReader? reader = null)
    {
        var env = new MapEnvironment(new Dictionary<string, string>(_vars), _home.Path, _home.Path);
        return new AgeKeySource(new KeySourceContext(env, SystemProcessRunner.Instance, TimeProvider.System),
            reader ?? new StaticPassphraseReader("unused"));
    }

    private static byte[] DataKey() => Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Key_source_names_match_sops()
    {
        IKeySource source = Source();
        Assert.Equal("age", source.KeyType);
        Assert.Equal("age", source.CliName);
        Assert.Equal("SOPS_AGE_RECIPIENTS", source.RecipientsEnvironmentVariable);
        Assert.Equal("age", source.ConfigRuleKey);
        Assert.Equal("age", source.ConfigGroupKey);
    }

    [Fact]
    public async Task Wrap_writes_recipient_and_armored_enc_exactly_as_sops_does()
    {
        var key = Source().Parse(" " + Recipient1 + "\n", KeyParseOptions.None);
        Assert.Equal(Recipient1, key.Identifier);
        var entry = await key.WrapAsync(DataKey());
        Assert.Equal("age", entry.KeyType);
        Assert.Equal(Recipient1, entry.Field("recipient"));
        var lines = entry.Enc.Split('\n');
        Assert.Equal("-----BEGIN AGE ENCRYPTED FILE-----", lines[0]);
        Assert.Equal("-----END AGE ENCRYPTED FILE-----", lines[^2]);
        Assert.Equal("", lines[^1]);
        Assert.All(lines[1..^3], l => Assert.Equal(64, l.Length));
        Assert.InRange(lines[^3].Length, 1, 64);
        Assert.StartsWith("age-encryption.org/v1\n-> X25519 ",
            Encoding.ASCII.GetString(Convert.FromBase64String(string.Concat(lines[1..^2]))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrapped_data_key_decrypts_with_debian_age()
    {
        var entry = await Source().Parse(Recipient1, KeyParseOptions.None).WrapAsync(DataKey());
        var file = _home.Write("enc.age", entry.Enc);
        var r = ExternalTool.Ok("age", "-d", "-i", AgeTestFiles.Fixture("age-unittest-identity.txt"), file);
        Assert.Equal(DataKey(), r.Stdout);
    }

    [Fact]
    public async Task Round_trip_through_sops_age_key_file()
    {
        _vars["SOPS_AGE_KEY_FILE"] = AgeTestFiles.Fixture("age-unittest-identity.txt");
        var source = Source();
        var entry = await source.Parse(Recipient1, KeyParseOptions.None).WrapAsync(DataKey());
        var result = await source.FromEntry(entry).UnwrapAsync(entry);
        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(DataKey(), result.DataKey);
    }

    [Fact]
    public async Task Ssh_ed25519_recipient_round_trips_through_the_ssh_key_file_variable()
    {
        var pub = AgeTestFiles.ReadFixture("age-unittest-ssh-ed25519-identity.pub").Trim();
        _vars["SOPS_AGE_SSH_PRIVATE_KEY_FILE"] = AgeTestFiles.Fixture("age-unittest-ssh-ed25519-identity");
        var source = Source();
        var entry = await source.Parse(pub, KeyParseOptions.None).WrapAsync(DataKey());
        Assert.Equal(pub, entry.Field("recipient"));
        var result = await source.FromEntry(entry).UnwrapAsync(entry);
        Assert.Equal(DataKey(), result.DataKey);
    }

    [Fact]
    public async Task Wrong_identity_is_not_mine_and_names_the_sources_tried()
    {
        var keyFile = AgeTestFiles.Fixture("age-unittest-other-identity.txt");
        _vars["SOPS_AGE_KEY_FILE"] = keyFile;
        var source = Source();
        var entry = await source.Parse(Recipient1, KeyParseOptions.None).WrapAsync(DataKey());
        var result = await source.FromEntry(entry).UnwrapAsync(entry);
        Assert.False(result.Succeeded);
        Assert.True(result.NotApplicable);
        Assert.Contains("no age identity matched", result.Reason, StringComparison.Ordinal);
        Assert.Contains("stanza types: X25519; tried 1 identity from SOPS_AGE_KEY_FILE=" + keyFile, result.Reason,
            StringComparison.Ordinal);
        Assert.DoesNotContain("AGE-SECRET-KEY", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_sources_at_all_is_not_mine_with_a_hint()
    {
        var source = Source();
        var entry = await source.Parse(Recipient1, KeyParseOptions.None).WrapAsync(DataKey());
        var result = await source.FromEntry(entry).UnwrapAsync(entry);
        Assert.True(result.NotApplicable);
        Assert.Contains("no age key source found", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tampered_enc_fails_rather_than_being_not_mine()
    {
        _vars["SOPS_AGE_KEY_FILE"] = AgeTestFiles.Fixture("age-unittest-identity.txt");
        var source = Source();
        var entry = await source.Parse(Recipient1, KeyParseOptions.None).WrapAsync(DataKey());
        var binary = AgeArmor.Decode(Encoding.ASCII.GetBytes(entry.Enc));
        binary[^3] ^= 1;
        var tampered = entry.WithField("enc", AgeArmor.Encode(binary));
        var result = await source.FromEntry(tampered).UnwrapAsync(tampered);
        Assert.False(result.Succeeded);
        Assert.False(result.NotApplicable);
        Assert.Contains("failed to decrypt", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sopsnix_entry_unwraps_with_its_keys_txt_in_the_default_location()
    {
        _home.Write(".config/sops/age/keys.txt", AgeTestFiles.ReadFixture("sopsnix-age-keys.txt"));
        var (recipient, enc) = AgeEntries("sopsnix-secrets.enc.yaml", ["sops", "age"])
            .Single(e => e.Recipient.StartsWith("age1yt3", StringComparison.Ordinal));
        var entry = Entry(recipient, enc);
        var result = await Source().FromEntry(entry).UnwrapAsync(entry);
        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(32, result.DataKey!.Length);
    }

    [Fact]
    public async Task Synthetic_shamir_fixture_shares_unwrap_to_33_bytes_with_both_unit_test_identities()
    {
        _vars["SOPS_AGE_KEY"] = AgeTestFiles.ReadFixture("age-unittest-identity.txt") + "\n"
            + AgeTestFiles.ReadFixture("age-unittest-other-identity.txt");
        var source = Source();
        var shares = new List<byte[]>();
        foreach (var group in new[] { 0, 1 })
        {
            var (recipient, enc) = AgeEntries("SYNTHETIC-shamir-2of2-age.enc.yaml", ["sops", "key_groups", group.ToString(CultureInfo.InvariantCulture), "age"]).Single();
            var entry = Entry(recipient, enc);
            var result = await source.FromEntry(entry).UnwrapAsync(entry);
            Assert.True(result.Succeeded, result.Reason);
            shares.Add(result.DataKey!);
        }
        Assert.All(shares, s => Assert.Equal(33, s.Length));
        Assert.Equal([1, 2], shares.Select(s => (int)s[32]));
    }

    [Fact]
    public async Task Key_command_runs_once_per_recipient_not_once_per_unwrap()
    {
        var counter = _home.File("count");
        var keyFile = AgeTestFiles.Fixture("age-unittest-identity.txt");
        _vars["SOPS_AGE_KEY_CMD"] = $"sh -c 'echo x >> {counter}; cat {keyFile}'";
        var source = Source();
        var entry = await source.Parse(Recipient1, KeyParseOptions.None).WrapAsync(DataKey());
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => source.FromEntry(entry).UnwrapAsync(entry)));
        Assert.True((await source.FromEntry(entry).UnwrapAsync(entry)).Succeeded);
        Assert.Single(File.ReadAllLines(counter));
    }

    [Fact]
    public void Parse_rejects_malformed_post_quantum_and_x25519_recipients_but_entries_never_throw()
    {
        var source = Source();
        var pq = Assert.Throws<AgeException>(() => source.Parse("age1pq1qqqqqqqqqqqqqqqqqqqq", KeyParseOptions.None));
        Assert.Contains("malformed age recipient", pq.Message, StringComparison.Ordinal);
        Assert.Throws<AgeException>(() => source.Parse(Recipient1[..^1] + "x", KeyParseOptions.None));
        Assert.Equal("age1pq1qqqqqqqqqqqqqqqqqqqq", source.FromEntry(Entry("age1pq1qqqqqqqqqqqqqqqqqqqq", "")).Identifier);
        Assert.Equal(Recipient1, source.FromConfigObject(new Dictionary<string, string> { ["recipient"] = Recipient1 }, null).Identifier);
    }

    private static MasterKeyEntry Entry(string recipient, string enc) =>
        new("age", new Dictionary<string, string> { ["recipient"] = recipient, ["enc"] = enc });

    private static IEnumerable<(string Recipient, string Enc)> AgeEntries(string fixture, string[] path)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(AgeTestFiles.ReadFixture(fixture)));
        YamlNode node = yaml.Documents[0].RootNode;
        foreach (var step in path)
        {
            node = node is YamlSequenceNode seq ? seq.Children[int.Parse(step, CultureInfo.InvariantCulture)] : ((YamlMappingNode)node)[step];
        }
        return ((YamlSequenceNode)node).Children.Cast<YamlMappingNode>()
            .Select(m => (((YamlScalarNode)m["recipient"]).Value!, ((YamlScalarNode)m["enc"]).Value!));
    }
}
