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
    public void The_ecr_generators_endpoints_are_read_from_esos_variables()
    {
        var options = From(("AWS_ECR_ENDPOINT", "http://127.0.0.1:8087/"), ("AWS_ECR_PUBLIC_ENDPOINT", "https://vpce-ecr-public.example/"));

        Assert.Equal(new Uri("http://127.0.0.1:8087/"), options.ToContext().Endpoints["ECR"]);
        Assert.Equal(new Uri("https://vpce-ecr-public.example/"), options.ToContext().Endpoints["ECRPublic"]);
        Assert.Throws<SecretsKitException>(() => From(("AWS_ECR_PUBLIC_ENDPOINT", "file:///etc/passwd")));
    }

    [Fact]
    public void The_google_token_endpoint_a_stores_json_key_may_name_is_gclouds_token_host()
    {
        var options = From(("CLOUDSDK_AUTH_TOKEN_HOST", "http://127.0.0.1:9090/token"));

        Assert.Equal(new Uri("http://127.0.0.1:9090/token"), options.ToContext().Setting<Cloud.Gcp.Auth.GcpEndpoints>().OAuth2TokenUri);
        Assert.True(options.Gcp.IsTokenUri("http://127.0.0.1:9090/token"));
        Assert.False(options.Gcp.IsTokenUri("https://oauth2.googleapis.com/token")); // the operator's endpoint only
    }

    [Fact]
    public void The_secret_manager_and_service_bus_endpoints_are_read_from_gclouds_and_the_agents_variables()
    {
        var options = From(("CLOUDSDK_API_ENDPOINT_OVERRIDES_SECRETMANAGER", "http://127.0.0.1:8086/"), ("AZURE_SERVICEBUS_ENDPOINT", "https://10.0.0.7:5671/"));

        Assert.Equal(new Uri("http://127.0.0.1:8086/"), options.ToContext().Endpoints["gcpsm"]);
        Assert.Equal(new Uri("https://10.0.0.7:5671/"), options.ToContext().Endpoints["servicebus"]);
    }

    [Fact]
    public void The_resource_manager_endpoint_change_events_look_project_numbers_up_at_is_read_from_gclouds_variable()
    {
        var options = From(("CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER", "http://127.0.0.1:8087/"));

        Assert.Equal(new Uri("http://127.0.0.1:8087/"), options.ToContext().Endpoints[Cloud.Gcp.ResourceManager.GcpProjectNumbers.EndpointKey]);
    }

    [Fact]
    public void Without_the_variables_nothing_is_overridden()
    {
        var options = From();

        Assert.Empty(options.AwsEndpoints);
        Assert.Null(options.AzureAuthorityHost);
        Assert.Equal(new Uri("https://oauth2.googleapis.com/token"), options.Gcp.OAuth2TokenUri);
        Assert.True(options.Gcp.IsTokenUri("https://oauth2.googleapis.com/token"));
        Assert.True(options.Gcp.IsTokenUri("https://accounts.google.com/o/oauth2/token")); // older keys
        Assert.False(options.Gcp.IsTokenUri("https://oauth2.googleapis.com.evil.example/token"));
        Assert.False(options.Gcp.IsTokenUri("http://169.254.169.254/computeMetadata/v1/"));
    }

    [Fact]
    public void The_hosts_a_secret_stores_gcp_token_url_may_name_come_from_gcp_external_token_hosts_and_default_to_none()
    {
        Assert.Equal(["127.0.0.1", "idp.internal"], From(("GCP_EXTERNAL_TOKEN_HOSTS", " 127.0.0.1, idp.internal ,")).ToContext().Setting<Cloud.Gcp.Auth.GcpEndpoints>().ExternalTokenHosts);
        Assert.Empty(From().ToContext().Setting<Cloud.Gcp.Auth.GcpEndpoints>().ExternalTokenHosts);
    }

    [Theory]
    [InlineData("CLOUDSDK_API_ENDPOINT_OVERRIDES_PUBSUB")]
    [InlineData("CLOUDSDK_API_ENDPOINT_OVERRIDES_SECRETMANAGER")]
    [InlineData("CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER")]
    [InlineData("AZURE_SERVICEBUS_ENDPOINT")]
    [InlineData("AZURE_AUTHORITY_HOST")]
    [InlineData("CLOUDSDK_AUTH_TOKEN_HOST")]
    public void A_value_that_is_not_an_http_url_is_a_one_line_error_naming_the_variable(string variable)
    {
        var e = Assert.Throws<SecretsKitException>(() => From((variable, "file:///etc/passwd")));

        Assert.StartsWith($"{variable} must be an http(s) URL", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
