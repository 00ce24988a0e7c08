using System.Text.Json.Nodes;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Controllers.PushSecrets;

/// <summary>PushSecrets written as ESO's docs write them (YAML), created through the API fake, and their status read back.</summary>
internal static class PushSecretYaml
{
    /// <summary>Creates PushSecret <c>default/push</c> with <paramref name="specYaml"/> as its spec (the fake prunes it with the chart's CRD).</summary>
    public static void Create(AgentCluster c, string specYaml)
    {
        var spec = (JsonObject)YamlValues.ToJson(YamlValues.LoadAll(specYaml).Single())!;
        c.Server.Create(FakeResourceType.PushSecret, "default", new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1alpha1",
            ["kind"] = "PushSecret",
            ["metadata"] = new JsonObject { ["name"] = "push", ["namespace"] = "default" },
            ["spec"] = spec,
        });
    }

    /// <summary>As <see cref="Create"/>, the spec pushing the Secret <c>app-secrets</c> to SecretStore <c>aws</c> plus <paramref name="restYaml"/>.</summary>
    public static void CreateFromAppSecrets(AgentCluster c, string restYaml) =>
        Create(c, "secretStoreRefs: [{name: aws, kind: SecretStore}]\nselector: {secret: {name: app-secrets}}\n" + restYaml);

    public static JsonObject Stored(AgentCluster c) => c.Server.TryGet(FakeResourceType.PushSecret, "default", "push")!;

    /// <summary>The Ready condition as <c>status: message</c>.</summary>
    public static string Ready(AgentCluster c) =>
        Stored(c)["status"]?["conditions"]?[0] is JsonObject condition ? $"{condition["status"]}: {condition["message"]}" : "no condition";

    /// <summary>The status keys under one store of <c>syncedPushSecrets</c>, sorted.</summary>
    public static string[] Synced(AgentCluster c, string storeKey) =>
        [.. (Stored(c)["status"]?["syncedPushSecrets"]?[storeKey] as JsonObject ?? []).Select(kv => kv.Key).Order(StringComparer.Ordinal)];

    /// <summary>A Secret with labels, for <c>selector.secret.selector</c>.</summary>
    public static void LabelledSecret(AgentCluster c, string name, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> data) =>
        c.Server.Create(FakeResourceType.Secret, "default", new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name, ["namespace"] = "default",
                ["labels"] = new JsonObject(labels.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            },
            ["data"] = new JsonObject(data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(kv.Value))))),
        });

    /// <summary>Sets labels on an existing SecretStore of <c>default</c>.</summary>
    public static void LabelStore(AgentCluster c, string name, IReadOnlyDictionary<string, string> labels)
    {
        var store = c.Server.TryGet(FakeResourceType.SecretStore, "default", name)!;
        store["metadata"]!["labels"] = new JsonObject(labels.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        c.Server.Replace(FakeResourceType.SecretStore, "default", name, store);
    }
}
