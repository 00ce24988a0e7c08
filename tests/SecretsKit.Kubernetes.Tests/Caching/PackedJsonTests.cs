using System.Text.Json.Nodes;
using SecretsKit.Kubernetes.Caching;

namespace SecretsKit.Kubernetes.Tests.Caching;

public sealed class PackedJsonTests
{
    private static JsonObject ExternalSecret(string name) => new()
    {
        ["apiVersion"] = "external-secrets.io/v1",
        ["kind"] = "ExternalSecret",
        ["metadata"] = new JsonObject
        {
            ["name"] = name, ["namespace"] = "apps", ["uid"] = "34e3e92d-177a-4a91-b361-122fdb9f8718",
            ["creationTimestamp"] = "2026-11-23T10:17:12Z", ["generation"] = 1, ["resourceVersion"] = "40038",
        },
        ["spec"] = new JsonObject
        {
            ["refreshInterval"] = "60s",
            ["secretStoreRef"] = new JsonObject { ["name"] = "vault", ["kind"] = "SecretStore" },
            ["data"] = new JsonArray(
                new JsonObject { ["secretKey"] = "password", ["remoteRef"] = new JsonObject { ["key"] = "db/main", ["property"] = "password" } },
                new JsonObject { ["secretKey"] = "user", ["remoteRef"] = new JsonObject { ["key"] = "db/main", ["property"] = "user" } }),
        },
        ["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Ready", ["status"] = "True", ["reason"] = "SecretSynced", ["message"] = "secret synced",
                ["lastTransitionTime"] = "2026-11-23T10:18:24Z",
            }),
            ["refreshTime"] = "2026-11-23T10:18:24Z",
        },
    };

    [Fact]
    public void A_typical_object_is_held_in_about_half_its_json_and_unpacks_to_the_same_tree()
    {
        var es = ExternalSecret("es-1");
        var json = System.Text.Encoding.UTF8.GetByteCount(es.ToJsonString());

        var packed = PackedJson.Pack(es);

        Assert.True(packed.Length < json * 0.65, $"{packed.Length} bytes packed of {json}");
        Assert.True(JsonNode.DeepEquals(es, PackedJson.Unpack(packed)));
    }

    [Fact]
    public void Escapes_non_ascii_text_numbers_and_nulls_survive_exactly()
    {
        var odd = new JsonObject
        {
            ["text"] = "quote \" backslash \\ tab \t newline \n émoji 🔑 nul \0",
            ["big"] = JsonNode.Parse("12345678901234567890123"),
            ["fraction"] = JsonNode.Parse("1.50e-3"),
            ["none"] = null,
            ["flags"] = new JsonArray(true, false),
        };

        var back = PackedJson.Unpack(PackedJson.Pack(odd));

        Assert.Equal(odd.ToJsonString(), back.ToJsonString());
    }

    [Fact]
    public void An_object_that_does_not_shrink_is_kept_plain_and_each_unpack_is_a_private_copy()
    {
        var small = new JsonObject { ["a"] = 1 };
        var packed = PackedJson.Pack(small);
        Assert.Equal(1 + small.ToJsonString().Length, packed.Length);

        var first = PackedJson.Unpack(packed);
        first["a"] = 2;

        Assert.Equal(1, PackedJson.Unpack(packed)["a"]!.GetValue<int>());
    }
}
