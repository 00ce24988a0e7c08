using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Kubernetes.Tests;

public sealed class ObjectNamesTests
{
    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a%2Fb")]
    [InlineData("Upper")]
    [InlineData("-lead")]
    [InlineData("trail.")]
    [InlineData("a..b")]
    public async Task A_name_that_is_not_a_dns_subdomain_never_becomes_a_request(string name)
    {
        await using var c = await FakeCluster.StartAsync();
        var before = c.Server.Requests.Count;

        var e = await Assert.ThrowsAsync<KubernetesInvalidNameException>(() => c.Client.GetAsync(ResourceTypes.Secret, "default", name));
        await Assert.ThrowsAsync<KubernetesInvalidNameException>(() => c.Client.DeleteAsync(ResourceTypes.Secret, "default", name));

        Assert.Contains("invalid Secret name", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, c.Server.Requests.Count);
    }

    [Fact]
    public void A_namespace_must_be_a_dns_label()
    {
        Assert.Throws<KubernetesInvalidNameException>(() => ResourceTypes.Secret.ItemPath("..", "db"));
        Assert.Throws<KubernetesInvalidNameException>(() => ResourceTypes.Secret.ItemPath("a.b", "db"));
        Assert.Equal("/api/v1/namespaces/team-a/secrets/db.v2", ResourceTypes.Secret.ItemPath("team-a", "db.v2"));
    }

    [Theory]
    [InlineData("db", true)]
    [InlineData("a.b-c.d0", true)]
    [InlineData("x", true)]
    [InlineData("a_b", false)]
    [InlineData("a b", false)]
    public void Dns_subdomain_rules(string name, bool valid) => Assert.Equal(valid, ObjectNames.IsDnsSubdomain(name));
}
