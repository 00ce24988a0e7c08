using System.Text.Json.Nodes;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Bench.AgentBench.ChangeEvents;

/// <summary>The <c>ChangeEventsReady</c> condition the agent writes on an annotated store.</summary>
internal static class StoreConditions
{
    public static bool Ready(FakeKubeApiServer kube, string store) =>
        kube.TryGet(FakeResourceType.SecretStore, Program.Namespace, store)?["status"]?["conditions"] is JsonArray conditions
        && conditions.OfType<JsonObject>().Any(c => c["type"]?.GetValue<string>() == "ChangeEventsReady" && c["status"]?.GetValue<string>() == "True");
}
