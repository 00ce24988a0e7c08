using SecretsKit.Cloud.HuaweiCloud.Http;
using SecretsKit.Cloud.HuaweiCloud.Keys;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.HuaweiCloud;

namespace SecretsKit.Cloud.Tests.HuaweiCloud.Keys;

public sealed class HckmsMasterKeyTests : IAsyncLifetime
{
    private FakeHuaweiKmsServer _kms = null!;

    public async Task InitializeAsync() => _kms = await FakeHuaweiKmsServer.StartAsync();

    public async Task DisposeAsync() => await _kms.DisposeAsync();

    private Dictionary<string, string> Env(HuaweiAccessKey access)
    {
        var env = access.Environment();
        env[_kms.EndpointVariable.Key] = _kms.EndpointVariable.Value;
        return env;
    }

    private static HckmsKeySource Source(Dictionary<string, string> env) => new(TestContexts.With(env), TestContexts.FastRetries());

    [Fact]
    public async Task Wrap_then_unwrap_round_trips_the_data_key_through_signed_encrypt_data_and_decrypt_data()
    {
        var source = Source(Env(_kms.CreateAccessKey()));
        var keyId = _kms.CreateKey();
        var dataKey = TestContexts.NewDataKey();

        var entry = await source.Parse(keyId, KeyParseOptions.None).WrapAsync(dataKey);
        var result = await source.FromEntry(entry).UnwrapAsync(entry);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(dataKey, result.DataKey);
        Assert.Equal("hckms", entry.KeyType);
        Assert.Equal(["created_at", "enc", "key_id"], entry.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(keyId, entry.Field("key_id"));
        Assert.Equal(1, _kms.CountCalls("encrypt-data"));
        Assert.Equal(1, _kms.CountCalls("decrypt-data"));
    }

    [Fact]
    public async Task Key_groups_object_and_string_forms_name_the_same_key()
    {
        var source = Source(Env(_kms.CreateAccessKey()));
        var keyId = _kms.CreateKey();

        var fromObject = source.FromConfigObject(new Dictionary<string, string> { ["key_id"] = keyId }, null);
        var fromText = source.Parse(" " + keyId + " ", KeyParseOptions.None);

        Assert.Equal(keyId, fromObject.Identifier);
        Assert.Equal(keyId, fromText.Identifier);
    }

    [Theory]
    [InlineData("0d0466b0-e727-4d9c-b35d-f84bb474a37f")]
    [InlineData(":0d0466b0-e727-4d9c-b35d-f84bb474a37f")]
    [InlineData("tr-west-1:")]
    public void Key_id_without_region_or_uuid_is_refused_like_sops(string text)
    {
        var source = Source(new Dictionary<string, string>());

        var error = Assert.Throws<SecretsKitException>(() => source.Parse(text, KeyParseOptions.None));

        Assert.Contains("region:key-uuid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Temporary_credentials_send_and_sign_their_security_token()
    {
        var access = _kms.CreateAccessKey(temporary: true);
        var source = Source(Env(access));
        var dataKey = TestContexts.NewDataKey();

        var entry = await source.Parse(_kms.CreateKey(), KeyParseOptions.None).WrapAsync(dataKey);
        var result = await source.FromEntry(entry).UnwrapAsync(entry);

        Assert.Equal(dataKey, result.DataKey);
    }

    [Fact]
    public async Task Wrong_secret_key_is_refused_by_the_gateway_and_the_message_names_key_and_status_only()
    {
        var access = _kms.CreateAccessKey();
        var env = Env(access with { SecretKey = "not-the-secret-" + access.SecretKey });
        var keyId = _kms.CreateKey();
        var dataKey = TestContexts.NewDataKey();

        var error = await Assert.ThrowsAsync<SecretsKitException>(() => Source(env).Parse(keyId, KeyParseOptions.None).WrapAsync(dataKey));

        TestContexts.AssertSafeMessage(error.Message, dataKey, "hckms", keyId, "HTTP 401 APIGW.0301");
        Assert.DoesNotContain(access.SecretKey, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _kms.CountCalls("encrypt-data", 401));
    }

    [Fact]
    public async Task Missing_project_id_is_a_clear_error_before_any_request()
    {
        var env = Env(_kms.CreateAccessKey());
        env.Remove("HUAWEICLOUD_SDK_PROJECT_ID");

        var error = await Assert.ThrowsAsync<SecretsKitException>(() =>
            Source(env).Parse(_kms.CreateKey(), KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey()));

        Assert.Contains("HUAWEICLOUD_SDK_PROJECT_ID", error.Message, StringComparison.Ordinal);
        Assert.Empty(_kms.Calls);
    }

    [Fact]
    public async Task Another_keys_ciphertext_is_a_failed_attempt_not_a_crash()
    {
        var source = Source(Env(_kms.CreateAccessKey()));
        var entry = await source.Parse(_kms.CreateKey(), KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey());
        var other = _kms.CreateKey();

        var result = await source.Parse(other, KeyParseOptions.None).UnwrapAsync(entry);

        Assert.False(result.Succeeded);
        Assert.Contains("HTTP 400 KMS.0205", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_a_fresh_signature()
    {
        var source = Source(Env(_kms.CreateAccessKey()));
        _kms.InjectFault(FakeFault.ServerError("KMS.0001"), times: 2);

        var entry = await source.Parse(_kms.CreateKey(), KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey());

        Assert.NotEmpty(entry.Enc);
        Assert.Equal(2, _kms.CountCalls("encrypt-data", 500));
        Assert.Equal(1, _kms.CountCalls("encrypt-data"));
    }
}
