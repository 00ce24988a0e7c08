using SecretsKit.Cloud.Tests.Gcp;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Gcp.Http;
using SecretsKit.Cloud.Gcp.Keys;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Testing.Gcp;
using SecretsKit.Testing.Http;

namespace SecretsKit.Cloud.Tests.Gcp.Keys;

public sealed class GcpKmsMasterKeyTests : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("sk-gcp-");
    private FakeGcpKmsServer _gcp = null!;

    public async Task InitializeAsync() => _gcp = await FakeGcpKmsServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _gcp.DisposeAsync();
        _dir.Delete(recursive: true);
    }

    private Dictionary<string, string> ServiceAccountEnv()
    {
        var path = Path.Combine(_dir.FullName, "sa.json");
        File.WriteAllText(path, _gcp.CreateServiceAccount());
        return new Dictionary<string, string>
        {
            ["GOOGLE_APPLICATION_CREDENTIALS"] = path,
            ["SOPS_GCP_KMS_ENDPOINT"] = _gcp.BaseAddress.ToString(),
        };
    }

    private static GcpKmsKeySource Source(Dictionary<string, string> env, TimeProvider? time = null) =>
        new(TestContexts.With(env, time), TestContexts.FastRetries());

    [Fact]
    public async Task Wrap_then_unwrap_round_trips_the_data_key_with_a_service_account()
    {
        var source = Source(ServiceAccountEnv());
        var key = source.Parse(_gcp.CreateKey(), KeyParseOptions.None);
        var dataKey = TestContexts.NewDataKey();

        var entry = await key.WrapAsync(dataKey);
        var result = await source.FromEntry(entry).UnwrapAsync(entry);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(dataKey, result.DataKey);
    }

    [Fact]
    public async Task Access_token_from_the_jwt_exchange_is_cached_across_calls()
    {
        var source = Source(ServiceAccountEnv());
        var key = source.Parse(_gcp.CreateKey(), KeyParseOptions.None);

        var entry = await key.WrapAsync(TestContexts.NewDataKey());
        await key.WrapAsync(TestContexts.NewDataKey());
        await source.FromEntry(entry).UnwrapAsync(entry);

        Assert.Equal(1, _gcp.CountCalls("token"));
        Assert.Equal(3, _gcp.Calls.Count(c => c.Status == 200 && c.Operation != "token"));
    }

    [Fact]
    public async Task Token_close_to_expiry_is_exchanged_again()
    {
        _gcp.TokenLifetime = TimeSpan.FromSeconds(30);
        var key = Source(ServiceAccountEnv()).Parse(_gcp.CreateKey(), KeyParseOptions.None);

        await key.WrapAsync(TestContexts.NewDataKey());
        await key.WrapAsync(TestContexts.NewDataKey());

        Assert.Equal(2, _gcp.CountCalls("token"));
    }

    [Fact]
    public async Task Service_account_json_given_inline_in_GOOGLE_CREDENTIALS_is_used()
    {
        var env = new Dictionary<string, string>
        {
            ["GOOGLE_CREDENTIALS"] = _gcp.CreateServiceAccount("inline@secretskit.iam.gserviceaccount.com"),
            ["SOPS_GCP_KMS_ENDPOINT"] = _gcp.BaseAddress.ToString(),
        };

        await Source(env).Parse(_gcp.CreateKey(), KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey());

        Assert.Equal(1, _gcp.CountCalls("token"));
        Assert.Equal(1, _gcp.CountCalls("encrypt"));
    }

    [Fact]
    public async Task Gcloud_application_default_credentials_of_a_user_are_refreshed_at_the_token_endpoint()
    {
        var config = Directory.CreateDirectory(Path.Combine(_dir.FullName, "gcloud"));
        await File.WriteAllTextAsync(Path.Combine(config.FullName, "application_default_credentials.json"), _gcp.CreateAuthorizedUser());
        var env = new Dictionary<string, string> { ["CLOUDSDK_CONFIG"] = config.FullName, ["SOPS_GCP_KMS_ENDPOINT"] = _gcp.BaseAddress.ToString() };
        var source = Source(env);
        var dataKey = TestContexts.NewDataKey();

        var entry = await source.Parse(_gcp.CreateKey(), KeyParseOptions.None).WrapAsync(dataKey);

        Assert.Equal(dataKey, (await source.FromEntry(entry).UnwrapAsync(entry)).DataKey);
        Assert.Equal(1, _gcp.CountCalls("token"));
    }

    [Fact]
    public async Task Static_GOOGLE_OAUTH_ACCESS_TOKEN_is_sent_without_a_token_exchange()
    {
        _gcp.AllowToken("ya29.static-test-token");
        var env = new Dictionary<string, string>
        {
            ["GOOGLE_OAUTH_ACCESS_TOKEN"] = "ya29.static-test-token",
            ["SOPS_GCP_KMS_ENDPOINT"] = _gcp.BaseAddress.ToString(),
        };

        await Source(env).Parse(_gcp.CreateKey(), KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey());

        Assert.Equal(0, _gcp.CountCalls("token"));
        Assert.Equal(200, Assert.Single(_gcp.Calls).Status);
    }

    [Fact]
    public async Task Jwt_signed_by_an_unknown_key_is_refused_by_the_token_endpoint()
    {
        await using var other = await FakeGcpKmsServer.StartAsync();
        var foreign = other.CreateServiceAccount().Replace(other.TokenUri.ToString(), _gcp.TokenUri.ToString(), StringComparison.Ordinal);
        var env = new Dictionary<string, string> { ["GOOGLE_CREDENTIALS"] = foreign, ["SOPS_GCP_KMS_ENDPOINT"] = _gcp.BaseAddress.ToString() };
        var resource = _gcp.CreateKey();
        var dataKey = TestContexts.NewDataKey();

        var error = await Assert.ThrowsAsync<SecretsKitException>(() => Source(env).Parse(resource, KeyParseOptions.None).WrapAsync(dataKey));

        TestContexts.AssertSafeMessage(error.Message, dataKey, "gcp_kms", resource, "HTTP 400");
        Assert.Equal(0, _gcp.CountCalls("encrypt"));
    }

    [Fact]
    public async Task Entry_has_exactly_sops_gcp_kms_field_names()
    {
        var resource = _gcp.CreateKey();
        var entry = await Source(ServiceAccountEnv()).Parse(resource, KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey());

        Assert.Equal("gcp_kms", entry.KeyType);
        Assert.Equal(new[] { "created_at", "enc", "resource_id" }, entry.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(resource, entry.Fields["resource_id"]);
        Assert.NotEmpty(Convert.FromBase64String(entry.Enc));
        Assert.Null(entry.Context);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_success()
    {
        _gcp.InjectFault(FakeFault.ServerError(), times: 2);

        await Source(ServiceAccountEnv()).Parse(_gcp.CreateKey(), KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey());

        Assert.Equal(new[] { 500, 500, 200 }, _gcp.Calls.Where(c => c.Operation == "encrypt").Select(c => c.Status));
    }

    [Fact]
    public async Task Throttling_429_is_retried_after_the_servers_Retry_After()
    {
        var time = new RecordingTimeProvider();
        _gcp.InjectFault(FakeFault.TooManyRequests(TimeSpan.FromSeconds(1), "RESOURCE_EXHAUSTED"));

        await Source(ServiceAccountEnv(), time).Parse(_gcp.CreateKey(), KeyParseOptions.None).WrapAsync(TestContexts.NewDataKey());

        Assert.Equal(new[] { 429, 200 }, _gcp.Calls.Where(c => c.Operation == "encrypt").Select(c => c.Status));
        Assert.Contains(TimeSpan.FromSeconds(1), time.DueTimes);
    }

    [Fact]
    public async Task Permission_denied_403_is_not_retried_and_the_error_names_provider_key_and_status()
    {
        var resource = _gcp.CreateKey();
        _gcp.InjectFault(FakeFault.Forbidden("PERMISSION_DENIED"));
        var dataKey = TestContexts.NewDataKey();

        var error = await Assert.ThrowsAsync<SecretsKitException>(() => Source(ServiceAccountEnv()).Parse(resource, KeyParseOptions.None).WrapAsync(dataKey));

        Assert.Equal(1, _gcp.CountCalls("encrypt"));
        TestContexts.AssertSafeMessage(error.Message, dataKey, "gcp_kms", resource, "HTTP 403", "PERMISSION_DENIED");
        Assert.DoesNotContain("ya29.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unwrap_with_another_key_fails_with_status_and_no_secret()
    {
        var source = Source(ServiceAccountEnv());
        var dataKey = TestContexts.NewDataKey();
        var entry = await source.Parse(_gcp.CreateKey(key: "one"), KeyParseOptions.None).WrapAsync(dataKey);
        var other = _gcp.CreateKey(key: "two");
        var moved = entry.WithField("resource_id", other);

        var result = await source.FromEntry(moved).UnwrapAsync(moved);

        Assert.False(result.Succeeded);
        TestContexts.AssertSafeMessage(result.Reason, dataKey, "gcp_kms", other, "HTTP 400", "INVALID_ARGUMENT");
    }

    [Fact]
    public void Parse_rejects_a_malformed_resource_id()
    {
        var source = Source(ServiceAccountEnv());
        Assert.Throws<SecretsKitException>(() => source.Parse("projects/p/keyRings/r/cryptoKeys/k", KeyParseOptions.None));
    }

    [Fact]
    public async Task Missing_credentials_fail_the_unwrap_with_a_clear_reason()
    {
        var env = new Dictionary<string, string> { ["SOPS_GCP_KMS_ENDPOINT"] = _gcp.BaseAddress.ToString(), ["CLOUDSDK_CONFIG"] = _dir.FullName };
        var source = Source(env);
        var entry = new MasterKeyEntry("gcp_kms", new Dictionary<string, string>
        {
            ["resource_id"] = _gcp.CreateKey(), ["created_at"] = "2024-01-01T00:00:00Z", ["enc"] = "AAAA",
        });

        var result = await source.FromEntry(entry).UnwrapAsync(entry);

        Assert.False(result.Succeeded);
        Assert.Contains("no credentials found", result.Reason, StringComparison.Ordinal);
    }
}
