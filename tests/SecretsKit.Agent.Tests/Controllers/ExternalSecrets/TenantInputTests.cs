using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Fake;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers.ExternalSecrets;

/// <summary>What a tenant writes in an ExternalSecret cannot address other objects or mint privileged Secrets.</summary>
public sealed class TenantInputTests
{
    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("UPPER")]
    public async Task A_target_name_that_is_not_a_dns_subdomain_is_refused_before_any_request(string name)
    {
        await using var c = await StartAsync();
        c.Namespace("team-a");
        c.Store("team-a", "store", FakeProvider(("k", "v")));
        c.ExternalSecret("team-a", "es", Spec("store", target: new JsonObject { ["name"] = name, ["deletionPolicy"] = "Delete" }, data: [("k", "missing", null)]));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("team-a", "es"));
        Assert.Contains("invalid Secret name", c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Equal(0, c.Server.CountRequests("DELETE", "/"));
        // neither the namespace's Secret collection nor the Namespace itself was read as "the target"
        Assert.DoesNotContain(c.Server.Requests, r => r.Path.TrimEnd('/').EndsWith("/namespaces/team-a/secrets", StringComparison.Ordinal)
            || r.Path.TrimEnd('/').EndsWith("/namespaces/team-a", StringComparison.Ordinal));
        Assert.NotNull(c.Server.TryGet(FakeResourceType.Namespace, null, "team-a"));
    }

    [Theory]
    [InlineData("kubernetes.io/service-account-token")]
    [InlineData("bootstrap.kubernetes.io/token")]
    public async Task A_privileged_template_type_is_refused_with_a_clear_condition(string type)
    {
        await using var c = await StartAsync();
        c.Store("default", "store", FakeProvider(("k", "v")));
        var template = new JsonObject
        {
            ["type"] = type,
            ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["kubernetes.io/service-account.name"] = "cluster-admin-sa" } },
        };
        c.ExternalSecret("default", "es", Spec("store", target: new JsonObject { ["template"] = template }, data: [("k", "k", null)]));

        await c.PassAsync();

        Assert.Null(c.TargetSecret("default", "es"));
        Assert.Equal("False", c.ReadyStatus("default", "es"));
        Assert.Contains($"spec.target.template.type={type} is not allowed", c.ReadyMessage("default", "es"), StringComparison.Ordinal);
        Assert.Equal(0, c.Providers.FakeCalls.Total);
    }

    [Fact]
    public async Task A_rejected_write_is_reported_as_a_write_error_not_a_provider_error()
    {
        await using var c = await StartAsync();
        c.Store("default", "store", FakeProvider(("k", "v")));
        c.ExternalSecret("default", "es", Spec("store", data: [("k", "k", null)]));
        c.Server.InjectFault("/secrets", 422, times: 5, method: "POST");

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "es"));
        Assert.StartsWith("could not write secret default/es", c.ReadyMessage("default", "es"), StringComparison.Ordinal);
        Assert.DoesNotContain("from provider", c.ReadyMessage("default", "es"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Beside_eso_an_external_secret_on_an_unclaimed_store_gets_nothing_written_at_all()
    {
        await using var c = await StartAsync(new AgentOptions { ClaimStoresWithoutController = false });
        c.Store("default", "eso-store", FakeProvider(("k", "v")));
        c.Store("default", "eso-class", FakeProvider(("k", "v")), controller: "external-secrets");
        c.ExternalSecret("default", "a", Spec("eso-store", data: [("k", "k", null)]));
        c.ExternalSecret("default", "b", Spec("eso-class", data: [("k", "k", null)]));
        var before = c.Server.Requests.Count;

        await c.PassAsync();

        var writes = c.Server.Requests.Skip(before).Where(r => r.Method is "POST" or "PUT" or "PATCH" or "DELETE").ToList();
        Assert.Empty(writes);
        foreach (var name in new[] { "a", "b" })
        {
            var es = c.Server.TryGet(FakeResourceType.ExternalSecret, "default", name)!;
            Assert.Null(es["status"]);
            Assert.Null(es["metadata"]!["finalizers"]);
            Assert.Null(c.TargetSecret("default", name));
        }
        Assert.Empty(c.Server.All(FakeResourceType.CoreEvent));
        Assert.Empty(c.Server.All(FakeResourceType.EventsV1Event));
    }
}
