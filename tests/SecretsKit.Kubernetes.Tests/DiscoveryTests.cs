namespace SecretsKit.Kubernetes.Tests;

/// <summary><see cref="KubernetesClient.FindResourceTypeAsync"/>: the served resource of a kind, from the API server's resource lists.</summary>
public sealed class DiscoveryTests
{
    [Fact]
    public async Task A_kind_is_found_with_its_plural_and_scope_once_per_group_version_and_an_unserved_one_is_null()
    {
        await using var c = await FakeCluster.StartAsync();

        Assert.Equal(new ResourceType("apps", "v1", "deployments", "Deployment", true), await c.Client.FindResourceTypeAsync("apps/v1", "Deployment"));
        Assert.Equal(new ResourceType("apps", "v1", "statefulsets", "StatefulSet", true), await c.Client.FindResourceTypeAsync("apps/v1", "StatefulSet"));
        Assert.Equal(new ResourceType("", "v1", "secrets", "Secret", true), await c.Client.FindResourceTypeAsync("v1", "Secret"));
        Assert.Equal(new ResourceType("", "v1", "namespaces", "Namespace", false), await c.Client.FindResourceTypeAsync("v1", "Namespace"));
        Assert.Null(await c.Client.FindResourceTypeAsync("apps/v1", "Widget"));
        Assert.Null(await c.Client.FindResourceTypeAsync("example.com/v1", "Widget"));
        Assert.Null(await c.Client.FindResourceTypeAsync("example.com/v1", "Gadget"));
        Assert.Equal(1, c.Server.CountRequests("GET", "/apis/apps/v1"));
        Assert.Equal(1, c.Server.CountRequests("GET", "/apis/example.com/v1"));
    }

    [Theory]
    [InlineData("../../api/v1", "Secret")]
    [InlineData("apps/v1/namespaces", "Deployment")]
    [InlineData("apps/v1", "Deploy/ment")]
    [InlineData("apps/v1?x=1", "Deployment")]
    [InlineData("", "Deployment")]
    public async Task An_api_version_or_kind_that_could_not_be_one_never_reaches_a_path(string apiVersion, string kind)
    {
        await using var c = await FakeCluster.StartAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => c.Client.FindResourceTypeAsync(apiVersion, kind));
        Assert.Empty(c.Server.Requests);
    }
}
