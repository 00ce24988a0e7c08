using System.Globalization;
using SecretsKit.Agent.Controllers.Stores;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Caching;
using SecretsKit.Kubernetes.Coordination;

namespace SecretsKit.Agent.Hosting;

/// <summary>
/// <c>--once</c>: take the leader Lease (so a deployed agent does not reconcile at the same time), reconcile every
/// object once as the agent would (<see cref="AgentController.RunPassAsync"/>: stores, ClusterExternalSecrets,
/// ExternalSecrets, SopsSecrets, PushSecrets), release the Lease, then print one line per ExternalSecret (its Ready
/// condition and, when synced, the Secret written with its key names, never values; one on a store of another
/// controller as not ready, whatever that controller wrote) and a summary. Exit 0 when every ExternalSecret is this
/// agent's and Ready, 1 otherwise or when another agent holds the Lease.
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
        return await ReportAsync(kube, commandLine.Options, output, ct);
    }

    /// <summary>
    /// One line per ExternalSecret and the summary. One whose store belongs to another controller (ESO beside this agent)
    /// was not reconciled: whatever its status says was written by that controller, so it is listed as
    /// <c>NotReady StoreNotClaimed</c> with the reason and never counted as synced.
    /// </summary>
    private static async Task<int> ReportAsync(KubernetesClient kube, AgentOptions options, TextWriter output, CancellationToken ct)
    {
        var stores = new StoreResolver(new CachedReader(kube), StoreClaim.From(options), options.ClusterStoreReconciler);
        int total = 0, ready = 0, unclaimed = 0;
        await foreach (var obj in kube.ListAllAsync(ResourceTypes.ExternalSecret, options.Namespace, cancellationToken: ct))
        {
            var es = ExternalSecretResource.Parse(obj);
            var condition = Condition.Find(obj["status"]);
            total++;
            if (await stores.UnclaimedAsync(es.StoreRefs, es.Namespace, ct) is { } refusal)
            {
                unclaimed++;
                await output.WriteLineAsync($"{es.Key}: NotReady {NotClaimedReason}: {refusal} (not reconciled by this pass)");
            }
            else if (condition is { IsTrue: true })
            {
                ready++;
                var secret = await kube.TryGetAsync(ResourceTypes.Secret, es.Namespace, es.Target.Name, ct);
                var keys = secret?["data"] is System.Text.Json.Nodes.JsonObject data ? string.Join(", ", data.Select(kv => kv.Key)) : "";
                await output.WriteLineAsync($"{es.Key}: Ready {condition.Reason} -> Secret {es.Namespace}/{es.Target.Name} (keys: {keys})");
            }
            else
            {
                var reason = condition is null ? "not reconciled (a generator of another controller?)" : $"{condition.Reason}: {condition.Message}";
                await output.WriteLineAsync($"{es.Key}: NotReady {reason}");
            }
        }
        var others = unclaimed == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" ({unclaimed} on stores of another controller, not checked)");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{ready} of {total} ExternalSecrets synced{others}"));
        return ready == total ? 0 : 1;
    }

    /// <summary>The report's reason for an ExternalSecret on a store this agent does not serve.</summary>
    public const string NotClaimedReason = "StoreNotClaimed";
}
