using SecretsKit.Cloud.Tests.Vault;
using System.Security.Cryptography;
using SecretsKit.Cloud.Vault;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Cloud.Vault.Keys;
using SecretsKit.Cloud.Vault.Stores;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Time;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Cloud.Tests.Vault.Keys;

public sealed class TransitMasterKeyTests : IDisposable
{
    private readonly VaultTestEnvironment _env = new();

    private static KeySourceContext Context(MapEnvironment environment, TimeProvider? time = null) =>
        new(environment, SystemProcessRunner.Instance, time ?? TimeProvider.System);

    [Theory]
    [InlineData("transit")]
    [InlineData("team/a/transit")]
    public async Task Wrap_then_unwrap_round_trips_the_data_key_through_vault_transit(string engine)
    {
        await using var vault = await FakeVaultServer.StartAsync();
        vault.EnableTransit(engine);
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));
        using var source = new TransitKeySource(Context(_env.Environment(("VAULT_TOKEN", vault.RootToken)), time));
        var uri = $"{vault.BaseAddress.GetLeftPart(UriPartial.Authority)}/v1/{engine}/keys/sops-key";
        var key = source.Parse(uri, KeyParseOptions.None);
        var dataKey = RandomNumberGenerator.GetBytes(32);

        var entry = await key.WrapAsync(dataKey);
        var result = await source.FromEntry(entry).UnwrapAsync(entry);

        Assert.Equal("hc_vault", entry.KeyType);
        Assert.Equal(vault.BaseAddress.GetLeftPart(UriPartial.Authority), entry.Field("vault_address"));
        Assert.Equal(engine, entry.Field("engine_path"));
        Assert.Equal("sops-key", entry.Field("key_name"));
        Assert.Equal("2026-03-04T05:06:07Z", entry.Field("created_at"));
        Assert.StartsWith("vault:v1:", entry.Enc, StringComparison.Ordinal);
        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(dataKey, result.DataKey);
        Assert.Equal(uri, key.Identifier);
        Assert.True(vault.HasTransitKey(engine, "sops-key"));
    }

    [Fact]
    public async Task Token_is_read_from_home_vault_token_file_when_VAULT_TOKEN_is_unset()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        _env.WriteFile(".vault-token", vault.RootToken + "\n");
        using var source = new TransitKeySource(Context(_env.Environment()));
        var key = source.Parse($"{vault.BaseAddress.GetLeftPart(UriPartial.Authority)}/v1/transit/keys/k", KeyParseOptions.None);

        var entry = await key.WrapAsync(new byte[32]);

        Assert.StartsWith("vault:v1:", entry.Enc, StringComparison.Ordinal);
        Assert.Equal(vault.RootToken, vault.Requests.Single().Header("X-Vault-Token"));
    }

    [Fact]
    public async Task Namespace_from_VAULT_NAMESPACE_is_sent_as_header()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        vault.RequiredNamespace = "team-a";
        using var source = new TransitKeySource(Context(_env.Environment(("VAULT_TOKEN", vault.RootToken), ("VAULT_NAMESPACE", "team-a"))));
        var key = source.Parse($"{vault.BaseAddress.GetLeftPart(UriPartial.Authority)}/v1/transit/keys/k", KeyParseOptions.None);

        var entry = await key.WrapAsync(new byte[32]);

        Assert.StartsWith("vault:v1:", entry.Enc, StringComparison.Ordinal);
        Assert.Equal("team-a", vault.Requests.Single().Header("X-Vault-Namespace"));
    }

    [Fact]
    public async Task Unwrap_with_a_revoked_token_fails_naming_the_status_but_never_the_token()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        var token = vault.IssueToken();
        using var source = new TransitKeySource(Context(_env.Environment(("VAULT_TOKEN", token))));
        var key = source.Parse($"{vault.BaseAddress.GetLeftPart(UriPartial.Authority)}/v1/transit/keys/k", KeyParseOptions.None);
        var entry = await key.WrapAsync(new byte[32]);
        vault.RevokeToken(token);

        var result = await key.UnwrapAsync(entry);

        Assert.False(result.Succeeded);
        Assert.False(result.NotApplicable);
        Assert.Contains("403", result.Reason, StringComparison.Ordinal);
        Assert.Contains("transit/decrypt/k", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(token, result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(entry.Enc, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unwrap_of_an_unreachable_vault_is_a_failure_not_an_exception()
    {
        using var source = new TransitKeySource(Context(_env.Environment(("VAULT_TOKEN", "t"))),
            address => Cloud.Vault.Auth.VaultEnvironment.CreateOptions(_env.Environment(("VAULT_TOKEN", "t")), address) with { Retry = VaultTestEnvironment.FastRetry() });
        var key = source.Parse("http://127.0.0.1:1/v1/transit/keys/k", KeyParseOptions.None);
        var entry = new MasterKeyEntry("hc_vault", new Dictionary<string, string> { ["enc"] = "vault:v1:abc" });

        var result = await key.UnwrapAsync(entry);

        Assert.False(result.Succeeded);
        Assert.Contains("127.0.0.1:1", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allowlist_blocks_vault_addresses_not_listed()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        using var source = new TransitKeySource(Context(_env.Environment(("VAULT_TOKEN", vault.RootToken), ("SOPS_HC_VAULT_ALLOWLIST", "https://other.example.com"))));
        var key = source.Parse($"{vault.BaseAddress.GetLeftPart(UriPartial.Authority)}/v1/transit/keys/k", KeyParseOptions.None);

        var ex = await Assert.ThrowsAsync<Core.Errors.SecretsKitException>(() => key.WrapAsync(new byte[32]));

        Assert.Contains("SOPS_HC_VAULT_ALLOWLIST", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, vault.TotalCalls);
    }

    [Fact]
    public void Source_names_match_sops()
    {
        using var transit = new TransitKeySource(Context(_env.Environment()));
        IKeySource source = transit;

        Assert.Equal(("hc_vault", "hc-vault-transit", "SOPS_VAULT_URIS", "hc_vault_transit_uri", "hc_vault"),
            (source.KeyType, source.CliName, source.RecipientsEnvironmentVariable, source.ConfigRuleKey, source.ConfigGroupKey));
    }

    public void Dispose() => _env.Dispose();
}
