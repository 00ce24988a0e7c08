using System.Text.Json.Nodes;
using SecretsKit.Cloud.OnePassword;

namespace SecretsKit.Agent.Tests.Chart;

/// <summary>
/// The chart's SecretStore and ClusterSecretStore declare <c>spec.provider.onepassword</c> as ESO v2.9.0's SecretStore CRD
/// does (fields, types, required lists, lengths and patterns; descriptions aside), in every version both serve, and the
/// agent implements each of those fields. The comparison with ESO's CRD needs it fetched (scripts/fetch-eso-crds.sh).
/// </summary>
public sealed class OnePasswordStoreSchemaTests
{
    private sealed class EsoStoreCrdFactAttribute : FactAttribute
    {
        public EsoStoreCrdFactAttribute()
        {
            if (!File.Exists(EsoFile)) Skip = "ESO's SecretStore CRD is not fetched: run scripts/fetch-eso-crds.sh (developer-run; CI reaches no source of it)";
        }
    }

    private static string EsoFile => Path.Combine(EsoCrdSchemaWalkTests.Folder, "external-secrets.io_secretstores.yaml");

    private static JsonObject? OnePassword(JsonObject crd, string version) =>
        crd["spec"]!["versions"]!.AsArray().OfType<JsonObject>().SingleOrDefault(v => v["name"]!.GetValue<string>() == version)?
            ["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["provider"]!["properties"]?["onepassword"] as JsonObject;

    private static JsonNode? WithoutDescriptions(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(kv => kv.Key != "description").Select(kv => KeyValuePair.Create(kv.Key, WithoutDescriptions(kv.Value)))),
        JsonArray a => new JsonArray([.. a.Select(WithoutDescriptions)]),
        _ => node?.DeepClone(),
    };

    private static IEnumerable<JsonObject> ChartStoreCrds() => AgentChart.Crds.Where(c =>
        c["metadata"]!["name"]!.GetValue<string>() is "secretstores.external-secrets.io" or "clustersecretstores.external-secrets.io");

    [EsoStoreCrdFact]
    public void The_charts_store_crds_declare_the_onepassword_provider_exactly_as_esos()
    {
        var eso = (JsonObject)YamlValues.ToJson(YamlValues.LoadAll(File.ReadAllText(EsoFile)).Single())!;
        foreach (var chart in ChartStoreCrds())
        {
            foreach (var version in new[] { "v1", "v1beta1" })
            {
                var expected = WithoutDescriptions(OnePassword(eso, version));
                Assert.NotNull(expected);
                var actual = WithoutDescriptions(OnePassword(chart, version));
                Assert.True(JsonNode.DeepEquals(expected, actual), $"{chart["metadata"]!["name"]} {version}: {actual?.ToJsonString()} != {expected!.ToJsonString()}");
            }
        }
    }

    [Fact]
    public void Every_onepassword_field_the_chart_declares_is_one_the_agent_implements()
    {
        var fields = new OnePasswordProvider().Fields;
        foreach (var chart in ChartStoreCrds())
        {
            var schema = OnePassword(chart, "v1")!;
            foreach (var path in Paths(schema, "")) Assert.Contains(path, fields);
        }
    }

    /// <summary>Dotted property paths down to the secret reference (its name/key/namespace are the reference itself).</summary>
    private static IEnumerable<string> Paths(JsonObject schema, string prefix)
    {
        foreach (var (name, child) in schema["properties"] as JsonObject ?? [])
        {
            var path = prefix.Length == 0 ? name : prefix + "." + name;
            yield return path;
            if (name != "connectTokenSecretRef" && child is JsonObject o) foreach (var inner in Paths(o, path)) yield return inner;
        }
    }
}
