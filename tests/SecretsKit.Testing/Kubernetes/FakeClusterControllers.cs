using System.Globalization;
using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>
/// What a real cluster does behind its API that a walk-through (`helm install … --wait`, `kubectl apply`, `helm test`)
/// waits for, played on a <see cref="FakeKubeApiServer"/>: the apiextensions controller serves a created
/// CustomResourceDefinition (and marks it Established); the workload controllers and the kubelet report a Deployment's or
/// StatefulSet's replicas ready and run a Pod to completion (phase Succeeded, which is what `helm test` waits for). No
/// container is run: a docs test shows that the commands work against the API as written, not what the image does.
/// </summary>
public sealed class FakeClusterControllers : IAsyncDisposable
{
    private static readonly FakeResourceType Crd =
        new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, true, ["crd"]);

    /// <summary>The built-in kinds a chart or a walk-through writes beyond the fake's defaults.</summary>
    public static IReadOnlyList<FakeResourceType> BuiltInTypes { get; } =
    [
        FakeResourceType.ServiceAccount,
        new("", "v1", "services", "Service", true, true, ["svc"]),
        new("", "v1", "pods", "Pod", true, true, ["po"]),
        new("apps", "v1", "daemonsets", "DaemonSet", true, true, ["ds"]),
        new("apps", "v1", "replicasets", "ReplicaSet", true, true, ["rs"]),
        new("batch", "v1", "jobs", "Job", true, true),
        new("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
        new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false),
        new("rbac.authorization.k8s.io", "v1", "roles", "Role", true),
        new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
        new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, true, ["pdb"]),
        new("networking.k8s.io", "v1", "ingresses", "Ingress", true, true, ["ing"]),
        new("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, false, ["netpol"]),
        new("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, true, ["hpa"]),
        Crd,
    ];

    private readonly FakeKubeApiServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(FakeKubeWatcher Watcher, Task Loop)> _loops = [];
    private int _nextServiceIp = 10;

    private FakeClusterControllers(FakeKubeApiServer server) => _server = server;

    /// <summary>What a controller could not do (an object it could not read or write), for a test to show when it fails.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>Registers <see cref="BuiltInTypes"/> on <paramref name="server"/> and starts the controllers.</summary>
    public static FakeClusterControllers Start(FakeKubeApiServer server)
    {
        foreach (var type in BuiltInTypes) server.RegisterType(type);
        // a whole cluster's admission: no object in a namespace that does not exist (the fake alone allows it, so that
        // unit tests need not create namespaces)
        server.Store.RequireNamespaces = true;
        var controllers = new FakeClusterControllers(server);
        controllers.Run(Crd, controllers.EstablishCrd);
        controllers.Run(FakeResourceType.Deployment, controllers.RollOut);
        controllers.Run(FakeResourceType.Deployment, controllers.ReadyReplicas);
        controllers.Run(server.Types.Single(t => t.Plural == "services"), controllers.AllocateClusterIp);
        controllers.Run(FakeResourceType.StatefulSet, controllers.ReadyReplicas);
        controllers.Run(server.Types.Single(t => t.Plural == "daemonsets"), controllers.ReadyDaemonSet);
        controllers.Run(server.Types.Single(t => t.Plural == "pods"), controllers.RunToCompletion);
        controllers.Run(server.Types.Single(t => t.Plural == "jobs"), controllers.CompleteJob);
        return controllers;
    }

    private void Run(FakeResourceType type, Action<FakeResourceType, JsonObject> reconcile)
    {
        var watcher = _server.Store.Watch(type, null, LabelSelector.Parse(null), FieldSelector.Parse(null), FakeWatchStart.CurrentState, false);
        var loop = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in watcher.Events.Reader.ReadAllAsync(_stop.Token))
                {
                    if (change["type"]?.GetValue<string>() is not ("ADDED" or "MODIFIED") || change["object"] is not JsonObject obj) continue;
                    try
                    {
                        reconcile(type, obj);
                    }
                    catch (FakeKubeStatus e) when (e.Code is 404 or 409)
                    {
                        // deleted or changed meanwhile: the next event brings the object as it is now
                    }
                    catch (Exception e) when (e is FakeKubeStatus or InvalidOperationException or FormatException)
                    {
                        Errors.Enqueue($"{type.Kind} {obj["metadata"]?["namespace"]}/{obj["metadata"]?["name"]}: {e.Message}");
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        _loops.Add((watcher, loop));
    }

    private void EstablishCrd(FakeResourceType type, JsonObject crd)
    {
        if (Condition(crd, "Established") == "True") return;
        _server.InstallCrd(crd);
        SetStatus(type, crd, status =>
        {
            status["acceptedNames"] = crd["spec"]?["names"]?.DeepClone();
            status["storedVersions"] = new JsonArray([.. (crd["spec"]?["versions"] as JsonArray ?? [])
                .OfType<JsonObject>().Where(v => v["storage"]?.GetValue<bool>() == true).Select(v => (JsonNode?)v["name"]!.GetValue<string>())]);
            status["conditions"] = new JsonArray(
                ConditionObject("NamesAccepted", "NoConflicts", "no conflicts found"),
                ConditionObject("Established", "InitialNamesAccepted", "the initial names have been accepted"));
        });
    }

    /// <summary>
    /// The Deployment controller's part `helm --wait` reads: a ReplicaSet owned by the Deployment whose pod template is
    /// the Deployment's (plus the <c>pod-template-hash</c> label), with every replica ready.
    /// </summary>
    private void RollOut(FakeResourceType type, JsonObject deployment)
    {
        var meta = deployment["metadata"]!;
        var ns = meta["namespace"]!.GetValue<string>();
        var generation = meta["generation"]?.GetValue<long>() ?? 1;
        var hash = $"{meta["uid"]!.GetValue<string>()[..4]}{generation}";
        var name = $"{meta["name"]!.GetValue<string>()}-{hash}";
        var replicaSets = _server.Types.Single(t => t.Plural == "replicasets");
        if (_server.Store.All(replicaSets).Any(rs => rs["metadata"]?["namespace"]?.GetValue<string>() == ns && rs["metadata"]?["name"]?.GetValue<string>() == name)) return;
        var replicas = deployment["spec"]?["replicas"]?.GetValue<long>() ?? 1;
        var template = (deployment["spec"]?["template"]?.DeepClone() as JsonObject) ?? new JsonObject();
        var podMeta = template["metadata"] as JsonObject ?? new JsonObject();
        template["metadata"] = podMeta;
        var labels = podMeta["labels"] as JsonObject ?? new JsonObject();
        podMeta["labels"] = labels;
        labels["pod-template-hash"] = hash;
        var selector = (deployment["spec"]?["selector"]?.DeepClone() as JsonObject) ?? new JsonObject();
        var matchLabels = selector["matchLabels"] as JsonObject ?? new JsonObject();
        selector["matchLabels"] = matchLabels;
        matchLabels["pod-template-hash"] = hash;
        _server.Store.Create(replicaSets, ns, new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = labels.DeepClone(),
                ["annotations"] = new JsonObject { ["deployment.kubernetes.io/revision"] = generation.ToString(CultureInfo.InvariantCulture) },
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["kind"] = "Deployment",
                    ["name"] = meta["name"]!.GetValue<string>(),
                    ["uid"] = meta["uid"]!.GetValue<string>(),
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = new JsonObject { ["replicas"] = replicas, ["selector"] = selector, ["template"] = template },
        });
        var created = _server.Store.Get(replicaSets, ns, name);
        SetStatus(replicaSets, created, status =>
        {
            foreach (var field in new[] { "replicas", "readyReplicas", "availableReplicas", "fullyLabeledReplicas" }) status[field] = replicas;
            status["observedGeneration"] = 1;
        });
    }

    /// <summary>What the API server does when it creates a Service: a cluster IP (`helm --wait` waits for one).</summary>
    private void AllocateClusterIp(FakeResourceType type, JsonObject service)
    {
        if (service["spec"]?["clusterIP"] is not null || service["spec"]?["type"]?.GetValue<string>() == "ExternalName") return;
        var meta = service["metadata"]!;
        var octet = Interlocked.Increment(ref _nextServiceIp);
        _server.Store.Patch(type, meta["namespace"]?.GetValue<string>(), meta["name"]!.GetValue<string>(), statusOnly: false, current =>
        {
            var spec = current["spec"] as JsonObject ?? new JsonObject();
            spec["clusterIP"] = $"10.96.{octet / 250}.{(octet % 250) + 1}";
            current["spec"] = spec;
            return current;
        });
    }

    private void ReadyReplicas(FakeResourceType type, JsonObject workload)
    {
        var generation = workload["metadata"]?["generation"]?.GetValue<long>() ?? 1;
        var replicas = workload["spec"]?["replicas"]?.GetValue<long>() ?? 1;
        if (workload["status"]?["observedGeneration"]?.GetValue<long>() == generation) return;
        SetStatus(type, workload, status =>
        {
            status["observedGeneration"] = generation;
            status["replicas"] = replicas;
            status["updatedReplicas"] = replicas;
            status["readyReplicas"] = replicas;
            status["availableReplicas"] = replicas;
            if (type == FakeResourceType.StatefulSet)
            {
                status["currentReplicas"] = replicas;
                status["currentRevision"] = $"{workload["metadata"]!["name"]}-{generation}";
                status["updateRevision"] = $"{workload["metadata"]!["name"]}-{generation}";
            }
            else
            {
                status["conditions"] = new JsonArray(
                    ConditionObject("Available", "MinimumReplicasAvailable", "Deployment has minimum availability."),
                    ConditionObject("Progressing", "NewReplicaSetAvailable", "ReplicaSet has successfully progressed."));
            }
        });
    }

    private void ReadyDaemonSet(FakeResourceType type, JsonObject daemonSet)
    {
        var generation = daemonSet["metadata"]?["generation"]?.GetValue<long>() ?? 1;
        if (daemonSet["status"]?["observedGeneration"]?.GetValue<long>() == generation) return;
        SetStatus(type, daemonSet, status =>
        {
            status["observedGeneration"] = generation;
            foreach (var field in new[] { "desiredNumberScheduled", "currentNumberScheduled", "numberReady", "updatedNumberScheduled", "numberAvailable" })
            {
                status[field] = 1;
            }
            status["numberMisscheduled"] = 0;
        });
    }

    private void RunToCompletion(FakeResourceType type, JsonObject pod)
    {
        if (pod["status"]?["phase"] is not null) return;
        SetStatus(type, pod, status =>
        {
            status["phase"] = "Succeeded";
            status["startTime"] = Now();
            status["conditions"] = new JsonArray(ConditionObject("Initialized", "PodCompleted", ""));
        });
    }

    private void CompleteJob(FakeResourceType type, JsonObject job)
    {
        if (job["status"]?["succeeded"] is not null) return;
        SetStatus(type, job, status =>
        {
            status["succeeded"] = 1;
            status["startTime"] = Now();
            status["completionTime"] = Now();
            status["conditions"] = new JsonArray(ConditionObject("Complete", "", ""));
        });
    }

    private void SetStatus(FakeResourceType type, JsonObject obj, Action<JsonObject> change)
    {
        var meta = obj["metadata"]!;
        _server.Store.Patch(type, meta["namespace"]?.GetValue<string>(), meta["name"]!.GetValue<string>(), statusOnly: type.HasStatus, current =>
        {
            var status = current["status"] as JsonObject ?? new JsonObject();
            change(status);
            current["status"] = status;
            return current;
        });
    }

    private static string? Condition(JsonObject obj, string type) =>
        (obj["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => c["type"]?.GetValue<string>() == type)?["status"]?.GetValue<string>();

    private static JsonObject ConditionObject(string type, string reason, string message) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["reason"] = reason,
        ["message"] = message,
        ["lastTransitionTime"] = Now(),
    };

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var (watcher, loop) in _loops)
        {
            _server.Store.Unwatch(watcher);
            await loop;
        }
        _stop.Dispose();
    }
}
