using System.Text.Json.Nodes;
using SecretsKit.Agent.Generators;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Providers;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Config;

namespace SecretsKit.Agent.Tests.Generators;

/// <summary>A generator spec's integer fields read alike whether the number came from the API server's JSON or was set in code.</summary>
public sealed class GeneratorCallTests
{
    private static GeneratorCall Call(JsonObject spec) =>
        new(spec, "Password default/p", "default", new KubernetesClient(new KubernetesClientConfiguration { Server = new Uri("http://127.0.0.1:9/") }), new ProviderContext());

    [Fact]
    public void Whole_numbers_are_integers_whatever_their_clr_type_or_json_form()
    {
        var call = Call(new JsonObject
        {
            ["int"] = 24, ["long"] = 5_000_000_000L, ["double"] = 12.0, ["negative"] = -3,
            ["parsed"] = JsonNode.Parse("{\"n\":7}")!["n"]!.DeepClone(), ["exponent"] = JsonNode.Parse("{\"n\":1e3}")!["n"]!.DeepClone(),
        });

        Assert.Equal(24, call.Integer("int"));
        Assert.Equal(5_000_000_000L, call.Integer("long"));
        Assert.Equal(12, call.Integer("double"));
        Assert.Equal(-3, call.Integer("negative"));
        Assert.Equal(7, call.Integer("parsed"));
        Assert.Equal(1000, call.Integer("exponent"));
        Assert.Null(call.Integer("absent"));
    }

    [Fact]
    public void Fractions_strings_and_objects_are_refused_naming_the_field()
    {
        var call = Call(new JsonObject { ["fraction"] = 2.5, ["text"] = "24", ["object"] = new JsonObject() });

        foreach (var field in new[] { "fraction", "text", "object" })
        {
            var e = Assert.Throws<ReconcileException>(() => call.Integer(field));
            Assert.Contains($"spec.{field} is not an integer", e.Message, StringComparison.Ordinal);
        }
    }
}
