using System.Text.Json.Nodes;
using SecretsKit.Agent.ChangeEvents;
using SecretsKit.Agent.Controllers.ChangeEvents;
using SecretsKit.Agent.Model;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.ChangeEvents;

/// <summary>Stores carrying <c>secretskit.io/change-events</c>, and what the agent reports about their subscription.</summary>
internal static class AnnotatedStores
{
    /// <summary>Creates the SecretStore <paramref name="ns"/>/<paramref name="name"/> with <paramref name="provider"/> and the annotation.</summary>
    public static void Create(AgentCluster c, string ns, string name, JsonObject provider, string changeEvents) =>
        c.Server.Create(FakeResourceType.SecretStore, ns, new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "SecretStore",
            ["metadata"] = new JsonObject
            {
                ["name"] = name, ["namespace"] = ns,
                ["annotations"] = new JsonObject { [ChangeEventsAnnotation.Name] = changeEvents },
            },
            ["spec"] = new JsonObject { ["provider"] = provider },
        });

    /// <summary>The store's <c>ChangeEventsReady</c> condition as (status, reason, message), or null.</summary>
    public static (string Status, string Reason, string Message)? Condition(AgentCluster c, string ns, string name)
    {
        var store = c.Server.TryGet(FakeResourceType.SecretStore, ns, name);
        var condition = (store?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(x => x["type"]?.GetValue<string>() == ChangeEventsController.ConditionType);
        return condition is null ? null
            : (condition["status"]!.GetValue<string>(), condition["reason"]?.GetValue<string>() ?? "", condition["message"]?.GetValue<string>() ?? "");
    }

    /// <summary>The <c>secretskit_change_events_up</c> value of the store (null when it has no series).</summary>
    public static bool? Up(AgentCluster c, string ns, string name) =>
        c.Controller.ChangeEvents.Series().Where(s => s.Store == name && s.Namespace == ns).Select(s => (bool?)s.Up).FirstOrDefault();
}
