using System.Globalization;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Coordination;

namespace SecretsKit.Agent.Hosting;

/// <summary>
/// <c>--once</c>: take the leader Lease (so a deployed agent does not reconcile at the same time), reconcile every
/// object once as the agent would (<see cref="AgentController.RunPassAsync"/>: stores, ClusterExternalSecrets,
/// ExternalSecrets, SopsSecrets, PushSecrets), release the Lease, then print one line per ExternalSecret (its Ready
/// condition and, when synced, the Secret written with its key names, never values) and a summary. Exit 0 when every
/// ExternalSecret is Ready, 1 otherwise or when another agent holds the Lease.
/// </summary>
internal static class AgentOnce
{
    public static async Task<int> RunAsync(AgentHost host, KubernetesClient kube, AgentCommandLine commandLine, string identity, TextWriter output,
        CancellationToken ct)
    {
        var elector = new LeaderElector(kube, new LeaderElectionConfig(commandLine.LeaseNamespace, AgentHost.LeaseName, identity));
        if (!await elector.TryAcquireOrRenewAsync(ct))
        {
            throw new AgentStartupException($"another agent ({elector.ObservedHolder}) holds the Lease {commandLine.LeaseNamespace}/{AgentHost.LeaseName}",
                "--once reconciles only where no agent is running; stop the deployed agent or let it do the work");
        }
        try
        {
            await host.Controller.RunPassAsync(ct);
        }
        finally
        {
            using var release = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await elector.ReleaseAsync(release.Token);
        }
        return await ReportAsync(kube, commandLine.Options.Namespace, output, ct);
    }

    private static async Task<int> ReportAsync(KubernetesClient kube, string? ns, TextWriter output, CancellationToken ct)
    {
        int total = 0, ready = 0;
        await foreach (var obj in kube.ListAllAsync(ResourceTypes.ExternalSecret, ns, cancellationToken: ct))
        {
            var es = ExternalSecretResource.Parse(obj);
            var condition = Condition.Find(obj["status"]);
            total++;
            if (condition is { IsTrue: true })
            {
                ready++;
                var secret = await kube.TryGetAsync(ResourceTypes.Secret, es.Namespace, es.Target.Name, ct);
                var keys = secret?["data"] is System.Text.Json.Nodes.JsonObject data ? string.Join(", ", data.Select(kv => kv.Key)) : "";
                await output.WriteLineAsync($"{es.Key}: Ready {condition.Reason} -> Secret {es.Namespace}/{es.Target.Name} (keys: {keys})");
            }
            else
            {
                var reason = condition is null ? "not reconciled (no store of this agent's class?)" : $"{condition.Reason}: {condition.Message}";
                await output.WriteLineAsync($"{es.Key}: NotReady {reason}");
            }
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{ready} of {total} ExternalSecrets synced"));
        return ready == total ? 0 : 1;
    }
}
