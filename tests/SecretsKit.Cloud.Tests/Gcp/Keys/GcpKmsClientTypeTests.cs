using SecretsKit.Cloud.Tests.Gcp;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Gcp.Http;
using SecretsKit.Cloud.Gcp.Keys;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Testing.Gcp;

namespace SecretsKit.Cloud.Tests.Gcp.Keys;

/// <summary><c>SOPS_GCP_KMS_CLIENT_TYPE</c>: grpc and rest both reach the keys over REST; other values are a clear error.</summary>
public sealed class GcpKmsClientTypeTests : IAsyncLifetime
{
    private FakeGcpKmsServer _gcp = null!;

    public async Task InitializeAsync()
    {
        _gcp = await FakeGcpKmsServer.StartAsync();
        _gcp.AllowToken("ya29.client-type-test");
    }

    public async Task DisposeAsync() => await _gcp.DisposeAsync();

    private GcpKmsKeySource Source(string? clientType)
    {
        var env = new Dictionary<string, string>
        {
            ["GOOGLE_OAUTH_ACCESS_TOKEN"] = "ya29.client-type-test",
            ["SOPS_GCP_KMS_ENDPOINT"] = _gcp.BaseAddress.ToString(),
        };
        if (clientType is not null) env["SOPS_GCP_KMS_CLIENT_TYPE"] = clientType;
        return new GcpKmsKeySource(TestContexts.With(env), TestContexts.FastRetries());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("grpc")]
    [InlineData("rest")]
    [InlineData("REST")]
    [InlineData("GRPC")]
    public async Task Grpc_and_rest_in_any_case_round_trip_over_the_rest_api(string? clientType)
    {
        var source = Source(clientType);
        var dataKey = TestContexts.NewDataKey();

        var entry = await source.Parse(_gcp.CreateKey(), KeyParseOptions.None).WrapAsync(dataKey);
        var result = await source.FromEntry(entry).UnwrapAsync(entry);

        Assert.Equal(dataKey, result.DataKey);
        Assert.Equal(1, _gcp.CountCalls("encrypt"));
        Assert.Equal(1, _gcp.CountCalls("decrypt"));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("grpc ")]
    public void Any_other_value_is_an_error_naming_the_variable_before_any_request(string clientType)
    {
        var source = Source(clientType);

        var error = Assert.Throws<SecretsKitException>(() => source.Parse(_gcp.CreateKey(), KeyParseOptions.None));

        Assert.Equal(ExitCodes.Generic, error.ExitCode);
        Assert.Contains("SOPS_GCP_KMS_CLIENT_TYPE", error.Message, StringComparison.Ordinal);
        Assert.Contains("'grpc' or 'rest'", error.Message, StringComparison.Ordinal);
        Assert.Empty(_gcp.Calls);
    }
}
