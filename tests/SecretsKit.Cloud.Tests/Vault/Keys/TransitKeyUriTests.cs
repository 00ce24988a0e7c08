using SecretsKit.Cloud.Tests.Vault;
using SecretsKit.Cloud.Vault;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Cloud.Vault.Keys;
using SecretsKit.Cloud.Vault.Stores;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Tests.Vault.Keys;

public sealed class TransitKeyUriTests
{
    [Theory]
    [InlineData("https://vault.example.com:8200/v1/sops/keys/firstkey", "https://vault.example.com:8200", "sops", "firstkey")]
    [InlineData("http://127.0.0.1:8200/v1/transit/keys/k", "http://127.0.0.1:8200", "transit", "k")]
    [InlineData("https://vault:8200/v1/team/a/transit/keys/app-key", "https://vault:8200", "team/a/transit", "app-key")]
    [InlineData("https://vault.example.com/v1/keys/keys/k", "https://vault.example.com", "keys", "k")]
    [InlineData("https://vault.example.com:443/v1/sops/keys/k", "https://vault.example.com:443", "sops", "k")]
    public void Parse_splits_address_nested_engine_path_and_key_as_sops_does(string text, string address, string engine, string key)
    {
        var uri = TransitKeyUri.Parse(text);

        Assert.Equal(address, uri.VaultAddress);
        Assert.Equal(engine, uri.EnginePath);
        Assert.Equal(key, uri.KeyName);
        Assert.Equal(text, uri.ToString());
    }

    [Theory]
    [InlineData("vault.example.com/v1/sops/keys/k")]
    [InlineData("https://vault.example.com:8200/sops/keys/k")]
    [InlineData("https://vault.example.com:8200/v1/sops/k")]
    [InlineData("https://vault.example.com:8200/v1/keys/k")]
    [InlineData("ftp://vault.example.com/v1/sops/keys/k")]
    [InlineData("https://vault.example.com:8200/v1/sops/keys/")]
    public void Parse_rejects_uris_without_v1_engine_and_keys_segments(string text)
    {
        var ex = Assert.Throws<SecretsKitException>(() => TransitKeyUri.Parse(text));

        Assert.Contains(text, ex.Message, StringComparison.Ordinal);
        Assert.Contains("/v1/", ex.Hint, StringComparison.Ordinal);
    }
}
