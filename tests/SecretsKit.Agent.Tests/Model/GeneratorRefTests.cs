using SecretsKit.Agent.Tests.Generators;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Fake;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Model;

/// <summary>
/// <c>generatorRef</c> values ESO accepts at admission but refuses when it syncs, with ESO v2.9's error texts, through
/// the Kubernetes API fake with the chart's CRDs (never <c>UnsupportedField</c>).
/// </summary>
public sealed class GeneratorRefTests
{
    private static async Task<(string Status, string Message)> SyncAsync(JsonObject spec)
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("app", "v")));
        GeneratorTests.Generator(c, "Password", "default", "pw", new JsonObject { ["length"] = 8 });
        c.ExternalSecret("default", "es", spec);
        await c.PassAsync();
        return (c.ReadyStatus("default", "es")!, c.ReadyMessage("default", "es"));
    }

    [Fact]
    public async Task A_deprecated_generator_ref_in_data_fails_the_entry_as_eso_does_with_its_empty_store_name()
    {
        var spec = Spec("fake");
        spec["data"] = new JsonArray(new JsonObject
        {
            ["secretKey"] = "k",
            ["remoteRef"] = new JsonObject { ["key"] = "app" },
            ["sourceRef"] = new JsonObject
            {
                ["generatorRef"] = new JsonObject { ["apiVersion"] = "generators.external-secrets.io/v1alpha1", ["kind"] = "Password", ["name"] = "pw" },
            },
        });
        var (status, message) = await SyncAsync(spec);
        Assert.Equal("False", status);
        Assert.StartsWith("error processing spec.data[0] (key: app), err: could not get SecretStore \"\", resource name may not be empty", message, StringComparison.Ordinal);
        Assert.DoesNotContain("UnsupportedField", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example.com/v1", "generatorRef may only reference the generators group, but got example.com")]
    [InlineData("v1", "generatorRef may only reference the generators group, but got ")]
    [InlineData("generators.external-secrets.io/v2", "generatorRef references unknown GVK generators.external-secrets.io/v2, Kind=Password")]
    [InlineData("a/b/c", "generatorRef has invalid APIVersion: unexpected GroupVersion string: a/b/c")]
    public async Task A_generator_ref_api_version_outside_the_generators_group_fails_with_esos_error(string apiVersion, string error)
    {
        var spec = GeneratorTests.GeneratorSpec(("Password", "pw"));
        spec["dataFrom"]![0]!["sourceRef"]!["generatorRef"]!["apiVersion"] = apiVersion;
        var (status, message) = await SyncAsync(spec);
        Assert.Equal("False", status);
        Assert.Equal($"error processing spec.dataFrom[0].sourceRef.generatorRef, err: unable to get generator: {error}", message);
    }
}
