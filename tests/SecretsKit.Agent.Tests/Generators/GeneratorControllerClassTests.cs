using System.Text.Json.Nodes;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Generators;

/// <summary>
/// ESO's ExternalSecret controller leaves an ExternalSecret whose generator's <c>spec.controller</c> names another
/// controller class to that controller (<c>shouldSkipGenerator</c>); the agent does the same, and writes nothing of it.
/// </summary>
public sealed class GeneratorControllerClassTests
{
    private static JsonObject FakeSpec(string? controller)
    {
        var spec = new JsonObject { ["data"] = new JsonObject { ["k"] = "v" } };
        if (controller is not null) spec["controller"] = controller;
        return spec;
    }

    [Fact]
    public async Task An_external_secret_whose_generator_names_another_controller_class_is_left_alone()
    {
        await using var c = await StartAsync();
        Generator(c, "Fake", "default", "eso-owned", FakeSpec("eso"));
        Generator(c, "Fake", "default", "ours", FakeSpec("secretskit"));
        Generator(c, "Fake", "default", "anyone", FakeSpec(null));
        Generator(c, "ClusterGenerator", null, "cluster-eso", new JsonObject
        {
            ["kind"] = "Fake",
            ["generator"] = new JsonObject { ["fakeSpec"] = FakeSpec("eso") },
        });
        c.ExternalSecret("default", "eso-owned", GeneratorSpec(("Fake", "eso-owned")));
        c.ExternalSecret("default", "mixed", GeneratorSpec(("Fake", "anyone"), ("Fake", "eso-owned")));
        c.ExternalSecret("default", "cluster-eso", GeneratorSpec(("ClusterGenerator", "cluster-eso")));
        c.ExternalSecret("default", "ours", GeneratorSpec(("Fake", "ours")));
        c.ExternalSecret("default", "anyone", GeneratorSpec(("Fake", "anyone")));

        await c.PassAsync();

        foreach (var name in new[] { "eso-owned", "mixed", "cluster-eso" })
        {
            Assert.Null(c.TargetSecret("default", name));
            Assert.Null(c.Server.TryGet(FakeResourceType.ExternalSecret, "default", name)!["status"]);
        }
        Assert.Equal("v", c.Value("default", "ours", "k"));
        Assert.Equal("v", c.Value("default", "anyone", "k"));
    }
}
