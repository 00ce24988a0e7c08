using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Tests.Model;

/// <summary>
/// Reading an ExternalSecret, PushSecret or SopsSecret never throws on a field of the wrong JSON type (a string, a number or a list where an
/// object is expected, and the other way round): the watch handler parses every event, so a throw there would be
/// reported on no object. The API server's CRD schema refuses such objects; the agent does not rely on it.
/// </summary>
public sealed class MalformedSpecTests
{
    private static readonly JsonNode?[] WrongTypes = [JsonValue.Create("x"), JsonValue.Create(5), new JsonArray(1, "y"), new JsonObject { ["a"] = 1 }, null];

    public static TheoryData<string> SpecPaths() =>
    [
        "secretStoreRef", "refreshInterval", "refreshPolicy", "target", "data", "dataFrom",
        "target.name", "target.creationPolicy", "target.deletionPolicy", "target.immutable", "target.template",
        "target.template.data", "target.template.metadata", "target.template.templateFrom", "target.template.type",
        "data.0", "data.0.remoteRef", "data.0.remoteRef.key", "data.0.sourceRef", "data.0.secretKey",
        "dataFrom.0", "dataFrom.0.extract", "dataFrom.0.find", "dataFrom.0.find.name", "dataFrom.0.find.tags",
        "dataFrom.0.rewrite", "dataFrom.0.rewrite.0", "dataFrom.0.rewrite.0.regexp", "dataFrom.0.sourceRef",
        "dataFrom.0.sourceRef.generatorRef",
    ];

    [Theory]
    [MemberData(nameof(SpecPaths))]
    public void A_field_of_the_wrong_type_does_not_throw(string path)
    {
        foreach (var wrong in WrongTypes)
        {
            var spec = new JsonObject
            {
                ["secretStoreRef"] = new JsonObject { ["name"] = "s", ["kind"] = "SecretStore" },
                ["target"] = new JsonObject { ["name"] = "t", ["template"] = new JsonObject { ["data"] = new JsonObject { ["k"] = "v" } } },
                ["data"] = new JsonArray(new JsonObject { ["secretKey"] = "k", ["remoteRef"] = new JsonObject { ["key"] = "r" } }),
                ["dataFrom"] = new JsonArray(new JsonObject
                {
                    ["extract"] = new JsonObject { ["key"] = "r" },
                    ["find"] = new JsonObject { ["name"] = new JsonObject { ["regexp"] = ".*" } },
                    ["rewrite"] = new JsonArray(new JsonObject { ["regexp"] = new JsonObject { ["source"] = "a", ["target"] = "b" } }),
                    ["sourceRef"] = new JsonObject { ["generatorRef"] = new JsonObject { ["kind"] = "Password", ["name"] = "g" } },
                }),
            };
            Set(spec, path.Split('.'), wrong?.DeepClone());
            var obj = new JsonObject
            {
                ["apiVersion"] = "external-secrets.io/v1", ["kind"] = "ExternalSecret",
                ["metadata"] = new JsonObject { ["name"] = "es", ["namespace"] = "default", ["generation"] = 1 },
                ["spec"] = spec,
            };
            var es = ExternalSecretResource.Parse(obj);
            _ = es.StoreRefs;
        }
    }

    [Theory]
    [InlineData("selector")]
    [InlineData("selector.secret")]
    [InlineData("selector.secret.name")]
    [InlineData("secretStoreRefs.0.labelSelector")]
    [InlineData("data.0.match")]
    [InlineData("data.0.match.remoteRef")]
    public void A_push_secret_field_of_the_wrong_type_does_not_throw(string path)
    {
        foreach (var wrong in WrongTypes)
        {
            var spec = new JsonObject
            {
                ["secretStoreRefs"] = new JsonArray(new JsonObject { ["name"] = "s", ["labelSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["a"] = "b" } } }),
                ["selector"] = new JsonObject { ["secret"] = new JsonObject { ["name"] = "src" } },
                ["data"] = new JsonArray(new JsonObject { ["match"] = new JsonObject { ["secretKey"] = "k", ["remoteRef"] = new JsonObject { ["remoteKey"] = "r" } } }),
            };
            Set(spec, path.Split('.'), wrong?.DeepClone());
            _ = PushSecretResource.Parse(Wrap("PushSecret", spec));
        }
    }

    [Theory]
    [InlineData("decryption")]
    [InlineData("decryption.keySecretRef")]
    [InlineData("target")]
    [InlineData("target.labels")]
    [InlineData("sops")]
    public void A_sops_secret_field_of_the_wrong_type_does_not_throw(string path)
    {
        foreach (var wrong in WrongTypes)
        {
            var spec = new JsonObject
            {
                ["sops"] = "a: b",
                ["decryption"] = new JsonObject { ["keySecretRef"] = new JsonObject { ["name"] = "k", ["key"] = "age" } },
                ["target"] = new JsonObject { ["name"] = "t", ["labels"] = new JsonObject { ["a"] = "b" } },
            };
            Set(spec, path.Split('.'), wrong?.DeepClone());
            _ = SopsSecretResource.Parse(Wrap("SopsSecret", spec));
        }
    }

    private static JsonObject Wrap(string kind, JsonObject spec) => new()
    {
        ["kind"] = kind,
        ["metadata"] = new JsonObject { ["name"] = "x", ["namespace"] = "default", ["generation"] = 1 },
        ["spec"] = spec,
    };

    private static void Set(JsonNode parent, string[] path, JsonNode? value)
    {
        for (var i = 0; i < path.Length - 1; i++)
        {
            parent = parent is JsonArray a ? a[int.Parse(path[i], System.Globalization.CultureInfo.InvariantCulture)]! : parent[path[i]]!;
        }
        if (parent is JsonArray list) list[int.Parse(path[^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        else parent[path[^1]] = value;
    }
}
