using System.Text.Json.Nodes;
using SecretsKit.Agent.Controllers.ExternalSecrets;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Fake;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers.ExternalSecrets;

public sealed class UnsupportedFieldTests
{
    [Theory]
    [InlineData("""{"dataFrom":[{"sourceRef":{"generatorRef":{"apiVersion":"generators.external-secrets.io/v1alpha1","kind":"SomeFutureGenerator","name":"k"}}}]}""",
        "spec.dataFrom[0].sourceRef.generatorRef.kind must be one of Password, ")]
    [InlineData("""{"target":{"template":{"mergePolicy":"merge","metdata":{}}}}""",
        "spec.target.template.mergePolicy must be Replace or Merge, not 'merge' (did you mean 'Merge'?); spec.target.template: unknown field 'metdata' (did you mean 'metadata'?)")]
    public async Task An_unknown_field_or_value_is_reported_by_path_and_nothing_is_fetched_or_written(string extraSpec, string path)
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("k", """{"a":"1"}""")));
        var spec = Spec("fake", data: [("k", "k", null)]);
        Merge(spec, JsonNode.Parse(extraSpec)!.AsObject());
        c.ExternalSecret("default", "es", spec);

        await c.PassAsync();

        var ready = c.ReadyCondition("default", "es")!;
        Assert.Equal("False", ready["status"]!.GetValue<string>());
        Assert.Equal("InvalidSpec", ready["reason"]!.GetValue<string>());
        Assert.Contains(path, ready["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("default", "es"));
        Assert.Equal(0, c.Providers.FakeCalls.Total);
    }

    [Fact]
    public async Task An_unknown_generator_kind_added_later_keeps_the_synced_secret_and_is_reported()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("k", "v1")));
        c.ExternalSecret("default", "es", Spec("fake", data: [("k", "k", null)]));
        await c.PassAsync();
        Assert.Equal("v1", c.Value("default", "es", "k"));

        var es = c.Server.TryGet(FakeResourceType.ExternalSecret, "default", "es")!;
        es["spec"]!["dataFrom"] = System.Text.Json.Nodes.JsonNode.Parse(
            """[{"sourceRef":{"generatorRef":{"apiVersion":"generators.external-secrets.io/v1alpha1","kind":"SomeFutureGenerator","name":"q"}}}]""");
        c.Server.Replace(FakeResourceType.ExternalSecret, "default", "es", es);
        await c.PassAsync();

        Assert.Equal("v1", c.Value("default", "es", "k"));
        var ready = c.ReadyCondition("default", "es")!;
        Assert.Equal("InvalidSpec", ready["reason"]!.GetValue<string>());
        Assert.Contains("spec.dataFrom[0].sourceRef.generatorRef.kind must be one of ", ready["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("not 'SomeFutureGenerator'", ready["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"doppler":{"project":"p"}}""", null, "spec.provider.doppler")]
    [InlineData("""{"azurekv":{"vaultUrl":"https://v.vault.azure.net","customCloudConfig":{"activeDirectoryEndpoint":"https://x"}}}""", null, "spec.provider.azurekv.customCloudConfig")]
    [InlineData("""{"vault":{"server":"https://vault:8200","forwardInconsistent":true}}""", null, "spec.provider.vault.forwardInconsistent")]
    [InlineData("""{"fake":{"data":[]}}""", """{"maxRetries":3,"retryInterval":"10s"}""", "spec.retrySettings")]
    public async Task Store_with_an_unsupported_provider_or_field_is_reported_on_the_store_and_on_the_external_secret(
        string provider, string? retrySettings, string path)
    {
        await using var c = await StartAsync();
        c.Store("default", "store", JsonNode.Parse(provider)!.AsObject());
        if (retrySettings is not null)
        {
            var store = c.Server.TryGet(FakeResourceType.SecretStore, "default", "store")!;
            store["spec"]!["retrySettings"] = JsonNode.Parse(retrySettings);
            c.Server.Replace(FakeResourceType.SecretStore, "default", "store", store);
        }
        c.ExternalSecret("default", "es", Spec("store", data: [("k", "k", null)]));

        await c.PassAsync();

        foreach (var ready in new[] { c.ReadyCondition("default", "es")!, c.ReadyCondition("default", "store", "secretstores")! })
        {
            Assert.Equal("False", ready["status"]!.GetValue<string>());
            Assert.Equal("UnsupportedField", ready["reason"]!.GetValue<string>());
            Assert.Contains(path, ready["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_implemented_field_is_accepted()
    {
        var es = JsonNode.Parse("""
            {"spec":{
              "secretStoreRef":{"name":"s","kind":"ClusterSecretStore"},
              "refreshInterval":"1h","refreshPolicy":"OnChange",
              "target":{"name":"t","creationPolicy":"CreateOrMerge","deletionPolicy":"Delete","immutable":false,
                "template":{"type":"kubernetes.io/tls","engineVersion":"v2","mergePolicy":"Merge",
                  "metadata":{"labels":{"a":"b"},"annotations":{"c":"d"},"finalizers":["x/y"]},"data":{"tls.crt":"{{ .crt }}"},
                  "templateFrom":[{"configMap":{"name":"c","items":[{"key":"a","templateAs":"KeysAndValues"}]},"target":"Labels"},
                    {"secret":{"name":"s","items":[{"key":"a","templateAs":"Values"}]},"valuesDecodingStrategy":"Auto"},{"literal":"a: b"}]}},
              "data":[{"secretKey":"k","remoteRef":{"key":"k","property":"p","version":"2","decodingStrategy":"Base64",
                "conversionStrategy":"Unicode","metadataPolicy":"None","nullBytePolicy":"Fail"},
                "sourceRef":{"storeRef":{"name":"other","kind":"SecretStore"}}}],
              "dataFrom":[
                {"extract":{"key":"cfg","decodingStrategy":"Auto","nullBytePolicy":"Fail"},"rewrite":[{"regexp":{"source":"^","target":"app_"}},
                  {"transform":{"template":"{{ .value }}"}},{"merge":{"into":"m","priority":["a"],"priorityPolicy":"IgnoreNotFound","conflictPolicy":"Ignore","strategy":"JSON"}}]},
                {"find":{"path":"app/","name":{"regexp":".*"},"tags":{"env":"prod"},"decodingStrategy":"None","conversionStrategy":"Unicode","nullBytePolicy":"Fail"},
                 "sourceRef":{"storeRef":{"name":"other"}}}],
              "syncWindows":null
            }}
            """)!.AsObject();

        Assert.Null(ExternalSecretFieldSupport.FirstUnsupported(es));
    }

    private static void Merge(JsonObject target, JsonObject extra)
    {
        foreach (var (key, value) in extra.ToList())
        {
            if (target[key] is JsonObject existing && value is JsonObject more) Merge(existing, more);
            else target[key] = value?.DeepClone();
        }
    }
}
