using SecretsKit.Cloud.Tests.Azure;
using SecretsKit.Cloud.Azure;
using SecretsKit.Cloud.Azure.Auth;
using SecretsKit.Cloud.Azure.Http;
using SecretsKit.Cloud.Azure.Keys;
using SecretsKit.Cloud.Azure.Stores;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Tests.Azure.Auth;

/// <summary>
/// Which managed identity endpoint the agent's environment names, in Azure.Identity's order (Service Fabric, App
/// Service, Azure Arc, the instance metadata service), and the request each gets: its api-version and its proof header.
/// </summary>
public sealed class AzureManagedIdentitySourceTests
{
    private const string Thumbprint = "0123456789ABCDEF0123456789ABCDEF01234567";

    private static AzureManagedIdentitySource Detect(params (string Name, string Value)[] variables) =>
        AzureManagedIdentitySource.Detect(new MapEnvironment(variables.ToDictionary(v => v.Name, v => v.Value), "/nonexistent", "/"), "azure");

    [Fact]
    public void Service_fabric_wins_over_app_service_and_arc_when_the_thumbprint_is_set()
    {
        var source = Detect(("IDENTITY_ENDPOINT", "https://10.0.0.4:2377/metadata/identity/oauth2/token"), ("IDENTITY_HEADER", "sf-secret"),
            ("IDENTITY_SERVER_THUMBPRINT", Thumbprint), ("IMDS_ENDPOINT", "http://localhost:40342"));

        Assert.Equal(AzureManagedIdentityKind.ServiceFabric, source.Kind);
        Assert.Equal(Thumbprint, source.Thumbprint);
        using var request = source.CreateRequest("https://vault.azure.net", null);
        Assert.Equal("https://10.0.0.4:2377/metadata/identity/oauth2/token?api-version=2019-07-01-preview&resource=https%3A%2F%2Fvault.azure.net", request.RequestUri!.AbsoluteUri);
        Assert.Equal("sf-secret", Assert.Single(request.Headers.GetValues("secret")));
        Assert.DoesNotContain("sf-secret", source.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void App_service_wins_over_arc_when_the_identity_header_is_set()
    {
        var source = Detect(("IDENTITY_ENDPOINT", "http://127.0.0.1:41741/msi/token"), ("IDENTITY_HEADER", "app-secret"), ("IMDS_ENDPOINT", "http://localhost:40342"));

        Assert.Equal(AzureManagedIdentityKind.AppService, source.Kind);
        using var request = source.CreateRequest("https://vault.azure.net", "client-1");
        Assert.Equal("http://127.0.0.1:41741/msi/token?api-version=2019-08-01&resource=https%3A%2F%2Fvault.azure.net&client_id=client-1", request.RequestUri!.AbsoluteUri);
        Assert.Equal("app-secret", Assert.Single(request.Headers.GetValues("X-IDENTITY-HEADER")));
    }

    [Fact]
    public void Arc_is_identity_endpoint_with_imds_endpoint_and_asks_with_the_metadata_header()
    {
        var source = Detect(("IDENTITY_ENDPOINT", "http://localhost:40342/metadata/identity/oauth2/token"), ("IMDS_ENDPOINT", "http://localhost:40342"));

        Assert.Equal(AzureManagedIdentityKind.AzureArc, source.Kind);
        using var request = source.CreateRequest("https://vault.azure.net", null);
        Assert.Equal("http://localhost:40342/metadata/identity/oauth2/token?api-version=2019-11-01&resource=https%3A%2F%2Fvault.azure.net", request.RequestUri!.AbsoluteUri);
        Assert.Equal("true", Assert.Single(request.Headers.GetValues("Metadata")));
        Assert.False(request.Headers.Contains("Authorization"));
    }

    [Fact]
    public void Without_those_variables_the_instance_metadata_service_is_asked()
    {
        var source = Detect(("IDENTITY_ENDPOINT", "http://localhost:40342/metadata/identity/oauth2/token"));

        Assert.Equal(AzureManagedIdentityKind.Imds, source.Kind);
        using var request = source.CreateRequest("https://vault.azure.net", null);
        Assert.Equal("http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net", request.RequestUri!.AbsoluteUri);
    }

    [Theory]
    [InlineData("http://10.0.0.4:2377/token", Thumbprint, "IDENTITY_ENDPOINT must be an https URL for Service Fabric")]
    [InlineData("https://10.0.0.4:2377/token", "ABC", "IDENTITY_SERVER_THUMBPRINT must be a certificate's SHA-1 thumbprint (40 hex digits)")]
    [InlineData("file:///etc/passwd", Thumbprint, "IDENTITY_ENDPOINT must be an http(s) URL")]
    public void A_service_fabric_environment_that_cannot_be_trusted_is_one_line_naming_the_variable(string endpoint, string thumbprint, string expected)
    {
        var e = Assert.Throws<StoreConfigException>(() => Detect(("IDENTITY_ENDPOINT", endpoint), ("IDENTITY_HEADER", "sf-secret"), ("IDENTITY_SERVER_THUMBPRINT", thumbprint)));

        Assert.StartsWith("store azure: authType ManagedIdentity: " + expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sf-secret", e.Message, StringComparison.Ordinal);
    }
}
