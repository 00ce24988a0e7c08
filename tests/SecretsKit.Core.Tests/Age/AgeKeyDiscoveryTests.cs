using SecretsKit.Core.Age;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;

namespace SecretsKit.Core.Tests.Age;

/// <summary>Each sops identity source (spec §10), read from a temp HOME through an injected environment.</summary>
public sealed class AgeKeyDiscoveryTests : IDisposable
{
    private readonly TempDir _home = new();
    private readonly Dictionary<string, string> _vars = new(StringComparer.Ordinal);

    private static string Id1 => AgeTestFiles.ReadFixture("age-unittest-identity.txt").Trim();

    private static string Id2 => AgeTestFiles.ReadFixture("age-unittest-other-identity.txt").Trim();

    public void Dispose() => _home.Dispose();

    private AgeKeyDiscovery Discovery(IPassphraseReader? reader = null)
    {
        _vars["HOME"] = _home.Path;
        var env = new MapEnvironment(new Dictionary<string, string>(_vars), _home.Path, _home.Path);
        return new AgeKeyDiscovery(new KeySourceContext(env, SystemProcessRunner.Instance, TimeProvider.System),
            reader ?? new StaticPassphraseReader("unused"));
    }

    private Task<AgeIdentitySet> Discover(IPassphraseReader? reader = null, string recipient = "age1recipient") =>
        Discovery(reader).DiscoverAsync(recipient);

    [Fact]
    public async Task Nothing_configured_finds_nothing_and_says_where_to_put_keys()
    {
        var set = await Discover();
        Assert.Empty(set.Identities);
        Assert.Empty(set.Sources);
        Assert.Contains("SOPS_AGE_KEY_FILE", set.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sops_age_key_string_may_hold_several_keys_per_line()
    {
        _vars["SOPS_AGE_KEY"] = $"# comment\n{Id1} {Id2}";
        var set = await Discover();
        Assert.Equal(2, set.Identities.Count);
        Assert.Equal(["SOPS_AGE_KEY"], set.Sources);
    }

    [Fact]
    public async Task Sops_age_key_file_is_read_and_named_by_path()
    {
        var path = _home.Write("custom/keys.txt", AgeTestFiles.ReadFixture("sopsnix-age-keys.txt"));
        _vars["SOPS_AGE_KEY_FILE"] = path;
        var set = await Discover();
        Assert.Single(set.Identities);
        Assert.Equal([$"SOPS_AGE_KEY_FILE={path}"], set.Sources);
    }

    [Fact]
    public async Task Missing_key_file_is_a_problem_naming_the_path_not_a_crash()
    {
        _vars["SOPS_AGE_KEY_FILE"] = _home.File("nope.txt");
        var set = await Discover();
        Assert.Empty(set.Identities);
        Assert.Contains(set.Problems, p => p.Contains(_home.File("nope.txt"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sops_age_key_cmd_runs_a_real_command_split_like_a_shell()
    {
        var path = _home.Write("dir with space/k.txt", Id1 + "\n");
        _vars["SOPS_AGE_KEY_CMD"] = $"cat '{path}'";
        var set = await Discover();
        Assert.Single(set.Identities);
        Assert.Equal(["SOPS_AGE_KEY_CMD"], set.Sources);
    }

    [Fact]
    public async Task Sops_age_key_cmd_receives_the_recipient_in_its_environment()
    {
        var path = _home.Write("k.txt", Id1 + "\n");
        _vars["SOPS_AGE_KEY_CMD"] = $"sh -c 'test \"$SOPS_AGE_RECIPIENT\" = age1wanted && cat {path}'";
        Assert.Single((await Discover(recipient: "age1wanted")).Identities);
        var other = await Discover(recipient: "age1other");
        Assert.Empty(other.Identities);
        Assert.Contains(other.Problems, p => p.Contains("SOPS_AGE_KEY_CMD (sh) failed with exit code 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Default_keys_txt_under_home_config_is_read()
    {
        var path = _home.Write(".config/sops/age/keys.txt", Id1 + "\n");
        var set = await Discover();
        Assert.Single(set.Identities);
        Assert.Equal([path], set.Sources);
    }

    [Fact]
    public async Task Xdg_config_home_replaces_home_config()
    {
        _home.Write(".config/sops/age/keys.txt", Id1 + "\n");
        var xdg = Path.Combine(_home.Path, "xdg");
        var path = _home.Write("xdg/sops/age/keys.txt", $"{Id1}\n{Id2}\n");
        _vars["XDG_CONFIG_HOME"] = xdg;
        var set = await Discover();
        Assert.Equal(2, set.Identities.Count);
        Assert.Equal([path], set.Sources);
    }

    [Fact]
    public async Task Default_ssh_keys_in_home_are_used()
    {
        var ssh = Path.Combine(_home.Path, ".ssh");
        _home.Write(".ssh/id_ed25519", AgeTestFiles.ReadFixture("age-unittest-ssh-ed25519-identity"));
        ExternalTool.SshKeygen(_home, "rsa", ".ssh/id_rsa");
        var set = await Discover();
        Assert.Equal([Path.Combine(ssh, "id_ed25519"), Path.Combine(ssh, "id_rsa")], set.Sources);
        Assert.IsType<SshEd25519Identity>(set.Identities[0]);
        Assert.IsType<SshRsaIdentity>(set.Identities[1]);
    }

    [Fact]
    public async Task Ssh_private_key_file_and_command_variables_are_used()
    {
        var key = _home.Write("keys/ssh", AgeTestFiles.ReadFixture("age-unittest-ssh-ed25519-identity"));
        _vars["SOPS_AGE_SSH_PRIVATE_KEY_FILE"] = key;
        _vars["SOPS_AGE_SSH_PRIVATE_KEY_CMD"] = $"cat {key}";
        var set = await Discover();
        Assert.Equal(2, set.Identities.Count);
        Assert.Equal([$"SOPS_AGE_SSH_PRIVATE_KEY_FILE={key}", "SOPS_AGE_SSH_PRIVATE_KEY_CMD"], set.Sources);
    }

    [Fact]
    public async Task All_sources_combine_in_sops_order()
    {
        var sshKey = _home.Write("keys/ssh", AgeTestFiles.ReadFixture("age-unittest-ssh-ed25519-identity"));
        _home.Write(".ssh/id_ed25519", AgeTestFiles.ReadFixture("age-unittest-ssh-ed25519-identity"));
        var keyFile = _home.Write("keys/file.txt", Id1 + "\n");
        var keysTxt = _home.Write(".config/sops/age/keys.txt", Id2 + "\n");
        _vars["SOPS_AGE_SSH_PRIVATE_KEY_FILE"] = sshKey;
        _vars["SOPS_AGE_SSH_PRIVATE_KEY_CMD"] = $"cat {sshKey}";
        _vars["SOPS_AGE_KEY"] = Id2;
        _vars["SOPS_AGE_KEY_FILE"] = keyFile;
        _vars["SOPS_AGE_KEY_CMD"] = $"cat {keyFile}";
        var set = await Discover();
        Assert.Equal(
        [
            $"SOPS_AGE_SSH_PRIVATE_KEY_FILE={sshKey}", "SOPS_AGE_SSH_PRIVATE_KEY_CMD",
            Path.Combine(_home.Path, ".ssh", "id_ed25519"), "SOPS_AGE_KEY", $"SOPS_AGE_KEY_FILE={keyFile}",
            "SOPS_AGE_KEY_CMD", keysTxt,
        ], set.Sources);
        Assert.Equal(7, set.Identities.Count);
        Assert.Empty(set.Problems);
    }

    [Fact]
    public async Task Passphrase_protected_fixture_key_file_is_decrypted_with_the_reader()
    {
        _vars["SOPS_AGE_KEY_FILE"] = AgeTestFiles.Fixture("age-unittest-passphrase-protected-identity.age.asc");
        var reader = new StaticPassphraseReader("passphrase");
        var set = await Discover(reader);
        Assert.Single(set.Identities);
        Assert.Equal(1, reader.Prompts);
    }

    [Fact]
    public async Task Binary_passphrase_key_file_is_decrypted_once_per_discovery_instance()
    {
        var encrypted = AgeEncryptor.Encrypt(System.Text.Encoding.UTF8.GetBytes(Id1 + "\n"),
            [new ScryptRecipient("s3cret", workFactor: 10)], armor: false);
        _vars["SOPS_AGE_KEY_FILE"] = _home.Write("keys.age", encrypted);
        var reader = new StaticPassphraseReader("s3cret");
        var discovery = Discovery(reader);
        Assert.Single((await discovery.DiscoverAsync("age1a")).Identities);
        Assert.Single((await discovery.DiscoverAsync("age1b")).Identities);
        Assert.Equal(1, reader.Prompts);
    }

    [Fact]
    public async Task Wrong_passphrase_is_reported_without_key_material()
    {
        var encrypted = AgeEncryptor.Encrypt(System.Text.Encoding.UTF8.GetBytes(Id1 + "\n"),
            [new ScryptRecipient("s3cret", workFactor: 10)], armor: true);
        var path = _home.Write("keys.age", encrypted);
        _vars["SOPS_AGE_KEY_FILE"] = path;
        var set = await Discover(new StaticPassphraseReader("wrong"));
        Assert.Empty(set.Identities);
        var problem = Assert.Single(set.Problems);
        Assert.Contains("incorrect passphrase", problem, StringComparison.Ordinal);
        Assert.Contains(path, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_quantum_identity_in_keys_txt_loads_next_to_an_x25519_one()
    {
        _home.Write(".config/sops/age/keys.txt",
            AgeTestFiles.ReadFixture("age-unittest-hybrid-pq-identity.txt").Trim() + "\n" + Id1 + "\n");
        var set = await Discover();
        Assert.Equal(2, set.Identities.Count);
        Assert.IsType<HybridIdentity>(set.Identities[0]);
        Assert.Empty(set.Problems);
        Assert.DoesNotContain("AGE-SECRET-KEY-", set.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relative_xdg_config_home_or_empty_home_never_reads_keys_relative_to_the_working_directory()
    {
        _home.Write(".config/sops/age/keys.txt", Id1 + "\n");
        _home.Write("xdg/sops/age/keys.txt", Id1 + "\n");
        _vars["XDG_CONFIG_HOME"] = "xdg";
        Assert.Empty((await Discover()).Sources);

        _home.Write(".ssh/id_ed25519", AgeTestFiles.ReadFixture("age-unittest-ssh-ed25519-identity"));

        var env = new MapEnvironment(new Dictionary<string, string>(), "", _home.Path);
        var discovery = new AgeKeyDiscovery(new KeySourceContext(env, SystemProcessRunner.Instance, TimeProvider.System),
            new StaticPassphraseReader("unused"));
        var set = await discovery.DiscoverAsync("age1x");
        Assert.Empty(set.Sources);
        Assert.Null(discovery.UserKeysFile());
    }

    [Fact]
    public async Task Relative_key_file_paths_resolve_against_the_environment_working_directory()
    {
        _home.Write("sub/keys.txt", Id1 + "\n");
        _vars["SOPS_AGE_KEY_FILE"] = "sub/keys.txt";
        var set = await Discover();
        Assert.Single(set.Identities);
        Assert.Equal(["SOPS_AGE_KEY_FILE=sub/keys.txt"], set.Sources);
    }
}
