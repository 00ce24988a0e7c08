using System.Net;
using SecretsKit.Kubernetes.Auth;
using SecretsKit.Kubernetes.Config;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Kubernetes.Tests.Errors;

public sealed class ErrorTests
{
    [Fact]
    public async Task Expired_continue_token_throws_gone()
    {
        await using var c = await FakeCluster.StartAsync();
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("a"));
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("b"));
        var page = await c.Client.ListAsync(ResourceTypes.Secret, "default", new ListOptions { Limit = 1 });
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("c"));
        c.Server.CompactHistory();
        var e = await Assert.ThrowsAsync<KubernetesGoneException>(() =>
            c.Client.ListAsync(ResourceTypes.Secret, "default", new ListOptions { Limit = 1, Continue = page.Continue }));
        Assert.Equal("Expired", e.Reason);
        Assert.Equal(HttpStatusCode.Gone, e.StatusCode);
    }

    [Fact]
    public async Task Invalid_name_throws_invalid_with_field_causes()
    {
        await using var c = await FakeCluster.StartAsync();
        var e = await Assert.ThrowsAsync<KubernetesInvalidException>(() => c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("Bad_Name")));
        Assert.Equal("Invalid", e.Reason);
        Assert.Equal("metadata.name", Assert.Single(e.Causes).Field);
    }

    [Fact]
    public async Task Invalid_secret_data_error_does_not_carry_the_value()
    {
        await using var c = await FakeCluster.StartAsync();
        var e = await Assert.ThrowsAsync<KubernetesInvalidException>(() =>
            c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("db", value: "hunter2-not-base64!")));
        Assert.Contains("data[password]", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Server_echoed_invalid_values_are_redacted_from_messages()
    {
        var status = new KubeStatus(422, "Invalid", "Secret \"db\" is invalid: data[pw]: Invalid value: \"hunter2\": must be base64, stringData[x]: Invalid value: s3cr3t", null);
        var e = KubernetesApiException.Create(HttpStatusCode.UnprocessableEntity, "create secrets default/db", status);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", e.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid value: [redacted]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_error_is_a_plain_api_exception_with_its_status_code()
    {
        await using var c = await FakeCluster.StartAsync();
        c.Server.InjectFault("/configmaps", 500, method: "POST");
        var e = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            c.Client.CreateAsync(ResourceTypes.ConfigMap, KubeObjectMetadata.New(ResourceTypes.ConfigMap, "cm", "default")));
        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.IsType<KubernetesApiException>(e);
    }

    [Fact]
    public async Task Wrong_token_is_rejected_with_401_and_a_credentials_hint()
    {
        await using var c = await FakeCluster.StartAsync();
        using var client = new KubernetesClient(new KubernetesClientConfiguration
        {
            Server = c.Server.BaseAddress,
            Credentials = new StaticTokenCredentialSource("wrong-token"),
        });
        var e = await Assert.ThrowsAsync<KubernetesApiException>(() => client.GetAsync(ResourceTypes.Secret, "default", "x"));
        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Contains("credentials", e.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-token", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_error_event_other_than_410_surfaces_as_api_exception()
    {
        await using var c = await FakeCluster.StartAsync();
        c.Server.InjectFault("watch=true", 500);
        await Assert.ThrowsAsync<KubernetesApiException>(async () =>
        {
            await foreach (var _ in c.Client.WatchAsync(ResourceTypes.Secret, "default", new WatchOptions { TimeoutSeconds = 1 }))
            {
            }
        });
    }
}
