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

    private static JsonObject Secret(string name, string uid) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject
        {
            ["name"] = name, ["namespace"] = "apps",
            ["labels"] = new JsonObject { ["reconcile.external-secrets.io/managed"] = "true" },
            ["annotations"] = new JsonObject
            {
                ["reconcile.external-secrets.io/data-hash"] = "affa19c08fed654c7d42af7bf9cc6cc4", ["secretskit.io/written-by"] = uid,
            },
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "external-secrets.io/v1", ["kind"] = "ExternalSecret", ["name"] = name, ["uid"] = uid,
                ["controller"] = true, ["blockOwnerDeletion"] = true,
            }),
            ["uid"] = "823e06fb-fb77-4478-86c6-4040c6f42a2d", ["creationTimestamp"] = "2026-11-25T03:42:05Z", ["generation"] = 1,
            ["resourceVersion"] = "30134",
        },
        ["type"] = "Opaque",
        ["data"] = new JsonObject { ["password"] = "bWFkZS11cC1wYXNzd29yZC00Mg==", ["user"] = "c3ZjLTQy" },
    };

    private static int JsonLength(JsonObject o) => System.Text.Encoding.UTF8.GetByteCount(o.ToJsonString());

    [Fact]
    public void Objects_of_one_watch_are_held_in_a_quarter_of_their_json_and_unpack_to_the_same_tree()
    {
        var packer = new PackedJson();
        packer.Pack(ExternalSecret("es-0")); // the first object of a watch fills the shared table
        var es = ExternalSecret("es-1");
        es["metadata"]!["uid"] = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d";
        es["metadata"]!["resourceVersion"] = "40101";

        var packed = packer.Pack(es);

        Assert.True(packed.Length < JsonLength(es) / 4, $"{packed.Length} bytes packed of {JsonLength(es)}");
        Assert.True(JsonNode.DeepEquals(es, packer.Unpack(packed)));
        Assert.Equal(es.ToJsonString(), packer.Unpack(packed).ToJsonString());

        var secrets = new PackedJson();
        secrets.Pack(Secret("es-0", "436f2598-4e7a-41c4-b292-ad9f1b2032c4"));
        var secret = Secret("es-1", "0b6c0a47-3f7e-4c55-a1a8-1d2f0e6b9c11");
        var packedSecret = secrets.Pack(secret);
        Assert.True(packedSecret.Length < JsonLength(secret) / 4, $"{packedSecret.Length} bytes packed of {JsonLength(secret)}");
        Assert.Equal(secret.ToJsonString(), secrets.Unpack(packedSecret).ToJsonString());
    }

    [Fact]
    public void Escapes_non_ascii_text_numbers_nulls_and_strings_that_only_look_short_survive_exactly()
    {
        var packer = new PackedJson();
        var odd = new JsonObject
        {
            ["text"] = "quote \" backslash \\ tab \t newline \n émoji 🔑 nul \0 <html> & +",
            ["big"] = JsonNode.Parse("12345678901234567890123"),
            ["fraction"] = JsonNode.Parse("1.50e-3"),
            ["negative"] = -7,
            ["none"] = null,
            ["flags"] = new JsonArray(true, false, null, new JsonArray(), new JsonObject()),
            // each looks like a shorter form but is not exactly it: kept as text
            ["uuid-upper"] = "9B1DEB4D-3B7D-4BAD-9BDD-2B0D7B3DCB6D",
            ["uuid-braces"] = "{9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d}",
            ["time-offset"] = "2026-11-25T03:42:05+00:00",
            ["time-fraction"] = "2026-11-25T03:42:05.000Z",
            ["time-before-1970"] = "1969-12-31T23:59:59Z",
            ["time-bad-day"] = "2026-02-30T03:42:05Z",
            ["leading-zero"] = "007",
            ["zero"] = "0",
            ["huge-decimal"] = "1234567890123456789012",
            ["hex-upper"] = "AFFA19C08FED654C",
            ["hex-odd"] = "affa19c08fed654",
            ["base64-unpadded"] = "c3ZjLTQy",
            ["base64-noncanonical"] = "c3ZjLTQz",
            ["base64-loose-bits"] = "YWJjZA==",
            ["base64-loose-bits-2"] = "YWJjZB==",
            ["words"] = "password",
            ["empty"] = "",
            ["same-again"] = "quote \" backslash \\ tab \t newline \n émoji 🔑 nul \0 <html> & +",
        };

        var back = packer.Unpack(packer.Pack(odd));

        Assert.Equal(odd.ToJsonString(), back.ToJsonString());
        Assert.True(JsonNode.DeepEquals(odd, back));
    }

    [Theory]
    [InlineData("40038")]
    [InlineData("0")]
    [InlineData("007")]
    [InlineData("not-a-number")]
    [InlineData("")]
    [InlineData(null)]
    public void The_resource_version_leads_the_packed_form_and_is_read_without_unpacking(string? version)
    {
        var packer = new PackedJson();
        packer.Pack(ExternalSecret("first"), "40038"); // the first object's values are in the table: its version too
        var es = ExternalSecret("es-2");

        var packed = packer.Pack(es, version);

        Assert.Equal(version, PackedJson.ResourceVersionOf(packed));
        Assert.Equal(es.ToJsonString(), packer.Unpack(packed).ToJsonString());
    }

    [Theory]
    [InlineData("apps", "es-2")]
    [InlineData("apps", "first")] // a name in the shared table too
    [InlineData(null, "cluster-wide")]
    [InlineData("ns-ü", "näme-✓")]
    public void The_namespace_and_name_lead_the_packed_form_and_the_body_refers_back_to_them(string? ns, string name)
    {
        var packer = new PackedJson();
        packer.Pack(ExternalSecret("first"), "40038");
        var es = ExternalSecret(name);
        if (ns is null) es["metadata"]!.AsObject().Remove("namespace");
        else es["metadata"]!["namespace"] = ns;

        var packed = packer.Pack(es, "40040");

        Assert.Equal(ns ?? "", System.Text.Encoding.UTF8.GetString(PackedJson.NamespaceOf(packed)));
        Assert.Equal(name, System.Text.Encoding.UTF8.GetString(PackedJson.NameOf(packed)));
        Assert.Equal("40040", PackedJson.ResourceVersionOf(packed));
        Assert.Equal(es.ToJsonString(), packer.Unpack(packed).ToJsonString());
        // the lead is the namespace and name once: the body's copies (metadata) refer back to it
        var body = packer.Pack(es);
        var lead = System.Text.Encoding.UTF8.GetByteCount(ns ?? "") + System.Text.Encoding.UTF8.GetByteCount(name);
        Assert.InRange(packed.Length - body.Length, 0, lead + 12);
    }

    [Fact]
    public void Each_unpack_is_a_private_copy()
    {
        var packer = new PackedJson();
        var packed = packer.Pack(new JsonObject { ["a"] = 1 });

        var first = packer.Unpack(packed);
        first["a"] = 2;

        Assert.Equal(1, packer.Unpack(packed)["a"]!.GetValue<int>());
    }

    [Fact]
    public void Objects_written_by_anyone_cannot_grow_the_shared_table_past_its_bound()
    {
        var packer = new PackedJson();
        packer.Pack(ExternalSecret("first"));
        var rng = new Random(7);
        for (var i = 0; i < 50; i++)
        {
            var data = new JsonObject();
            for (var k = 0; k < 200; k++) data[$"key-{rng.Next():x8}-{k}"] = $"value-{rng.Next()}";
            data[new string('k', 500) + i] = "a long key is never shared";
            var secret = new JsonObject { ["kind"] = "Secret", ["data"] = data };
            Assert.Equal(secret.ToJsonString(), packer.Unpack(packer.Pack(secret)).ToJsonString());
        }
        Assert.Equal(PackedJson.MaxTableStrings, packer.TableCount);
        // values of later objects never enter the table: only the first object's do
        var later = packer.Pack(new JsonObject { ["kind"] = "a value seen after the first object" });
        Assert.Equal("a value seen after the first object", packer.Unpack(later)["kind"]!.GetValue<string>());
    }

    [Fact]
    public void Random_json_round_trips()
    {
        var rng = new Random(1234);
        var packer = new PackedJson();
        for (var round = 0; round < 300; round++)
        {
            var obj = (JsonObject)RandomNode(rng, depth: 0, forceObject: true)!;
            Assert.Equal(obj.ToJsonString(), packer.Unpack(packer.Pack(obj)).ToJsonString());
        }
    }

    private static readonly string[] Samples =
    [
        "", "0", "12", "007", "30134", "true", "Ready", "es-1", "password", "c3ZjLTQy", "bWFkZS11cC1wYXNzd29yZC00Mg==",
        "affa19c08fed654c7d42af7bf9cc6cc4", "436f2598-4e7a-41c4-b292-ad9f1b2032c4", "2026-11-25T03:42:05Z", "\u00e9\u0000\"",
    ];

    private static JsonNode? RandomNode(Random rng, int depth, bool forceObject = false)
    {
        var kind = forceObject ? 0 : rng.Next(depth > 4 ? 2 : 0, 9);
        switch (kind)
        {
            case 0:
                var obj = new JsonObject();
                var keys = rng.Next(0, 6);
                for (var i = 0; i < keys; i++) obj[Samples[rng.Next(Samples.Length)] + i] = RandomNode(rng, depth + 1);
                return obj;
            case 1:
                var array = new JsonArray();
                var items = rng.Next(0, 5);
                for (var i = 0; i < items; i++) array.Add(RandomNode(rng, depth + 1));
                return array;
            case 2: return null;
            case 3: return rng.Next(2) == 0;
            case 4: return rng.NextInt64(long.MinValue, long.MaxValue);
            case 5: return JsonNode.Parse(rng.NextDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            case 6: return Samples[rng.Next(Samples.Length)];
            case 7: return new string((char)rng.Next(1, 0xD7FF), rng.Next(0, 40));
            default: return Convert.ToBase64String(Enumerable.Range(0, rng.Next(0, 30)).Select(_ => (byte)rng.Next(256)).ToArray());
        }
    }
}
