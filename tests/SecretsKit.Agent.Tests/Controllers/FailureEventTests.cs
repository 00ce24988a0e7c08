using SecretsKit.Cloud.Fake;

using SecretsKit.Kubernetes.Models;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers;

public sealed class FailureEventTests
{
    [Fact]
    public async Task Repeated_failure_produces_one_warning_event_with_a_count()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("present", "v")));
        c.ExternalSecret("default", "es", Spec("fake", refresh: "1m", data: [("k", "missing-key", null)]));
        for (var i = 0; i < 4; i++)
        {
            await c.PassAsync();
            c.Time.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.Equal("False", c.ReadyStatus("default", "es"));
        var warning = Assert.Single(c.Server.All(FakeResourceType.CoreEvent).Select(KubeModels.ToEvent), e => e.Type == "Warning");
        Assert.Equal(4, warning.Count);
        Assert.Equal("es", warning.InvolvedObject.Name);
        Assert.NotEqual(warning.FirstTimestamp, warning.LastTimestamp);
    }
}
