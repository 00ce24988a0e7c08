using SecretsKit.Agent.Providers;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Agent.Tests.Providers;

/// <summary>The agent process's endpoint settings come from its environment (the operator's), as the SDKs name them.</summary>
public sealed class ProviderOptionsEnvironmentTests
{
    private static ProviderOptions From(params (string Name, string Value)[] variables) =>
        ProviderOptions.FromEnvironment(new MapEnvironment(variables.ToDictionary(v => v.Name, v => v.Value), "/nonexistent", "/"));

    [Fact]
    public void The_pubsub_endpoint_and_the_entra_authority_host_are_read_from_gclouds_and_the_azure_sdks_variables()
    {
        var options = From(("CLOUDSDK_API_ENDPOINT_OVERRIDES_PUBSUB", "http://127.0.0.1:8085/"), ("AZURE_AUTHORITY_HOST", "http://127.0.0.1:9443/"));

        Assert.Equal(new Uri("http://127.0.0.1:8085/"), options.AwsEndpoints["pubsub"]);
        Assert.Equal(new Uri("http://127.0.0.1:9443/"), options.AzureAuthorityHost);
        Assert.Equal(new Uri("http://127.0.0.1:8085/"), options.ToContext().Endpoints["pubsub"]);
        Assert.Equal(new Uri("http://127.0.0.1:9443/"), options.ToContext().AzureAuthorityHost);
    }

    [Fact]
    public void The_secret_manager_and_service_bus_endpoints_are_read_from_gclouds_and_the_agents_variables()
    {
        var options = From(("CLOUDSDK_API_ENDPOINT_OVERRIDES_SECRETMANAGER", "http://127.0.0.1:8086/"), ("AZURE_SERVICEBUS_ENDPOINT", "https://10.0.0.7:5671/"));

        Assert.Equal(new Uri("http://127.0.0.1:8086/"), options.ToContext().Endpoints["gcpsm"]);
        Assert.Equal(new Uri("https://10.0.0.7:5671/"), options.ToContext().Endpoints["servicebus"]);
    }

    [Fact]
    public void Without_the_variables_nothing_is_overridden()
    {
        var options = From();

        Assert.Empty(options.AwsEndpoints);
        Assert.Null(options.AzureAuthorityHost);
    }

    [Theory]
    [InlineData("CLOUDSDK_API_ENDPOINT_OVERRIDES_PUBSUB")]
    [InlineData("CLOUDSDK_API_ENDPOINT_OVERRIDES_SECRETMANAGER")]
    [InlineData("AZURE_SERVICEBUS_ENDPOINT")]
    [InlineData("AZURE_AUTHORITY_HOST")]
    public void A_value_that_is_not_an_http_url_is_a_one_line_error_naming_the_variable(string variable)
    {
        var e = Assert.Throws<SecretsKitException>(() => From((variable, "file:///etc/passwd")));

        Assert.StartsWith($"{variable} must be an http(s) URL", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
