using System.Globalization;
using SecretsKit.Agent.Model;
using SecretsKit.Go.Time;

namespace SecretsKit.Agent.Hosting;

/// <summary>
/// Parses <c>--namespace</c>, <c>--concurrency</c>, <c>--shards</c>, <c>--controller-class</c>, <c>--metrics-port</c>, <c>--lease-namespace</c>,
/// <c>--rollout-restart</c>, <c>--claim-stores-without-controller</c> and <c>--enable-cluster-store-reconciler</c> (flags, or <c>=true|false</c>),
/// <c>--rollout-restart-window</c> (Go duration),
/// <c>--store-rate-limit</c> (provider calls/s per store, 0 = off), <c>--store-rate-burst</c>, <c>--store-concurrency</c>,
/// <c>--client-qps</c> (Kubernetes API requests/s, 0 = off), <c>--client-burst</c>, <c>--refresh-time-max-age</c> and
/// <c>--generator-gc-grace-period</c> (Go durations),
/// <c>--vault-allowlist</c> (comma-separated Vault addresses, repeatable), <c>--generic-targets</c> (comma-separated kinds), <c>--kubeconfig</c>, <c>--context</c>, <c>--shutdown-timeout</c> and <c>--stall-timeout</c> (Go durations), <c>--once</c>,
/// <c>--version</c> and <c>--help</c>. Values follow their flag as the next argument or after <c>=</c>. Anything else — an unknown flag,
/// a stray argument, a flag without its value, a value that is not a number/duration — throws
/// <see cref="AgentUsageException"/> naming the flag.
/// </summary>
internal sealed record AgentCommandLine(AgentOptions Options, int MetricsPort, string LeaseNamespace)
{
    /// <summary><c>--help</c> / <c>-h</c> was given: print <see cref="Usage"/> and exit 0 without starting.</summary>
    public bool HelpRequested { get; init; }

    /// <summary><c>--version</c> was given: print the version and exit 0 without starting.</summary>
    public bool VersionRequested { get; init; }

    /// <summary><c>--kubeconfig</c>: the one kubeconfig file to use (kubectl's flag; wins over <c>KUBECONFIG</c>).</summary>
    public string? Kubeconfig { get; init; }

    /// <summary><c>--context</c>: the kubeconfig context to use instead of the current one.</summary>
    public string? Context { get; init; }

    /// <summary><c>--shutdown-timeout</c>: from SIGTERM to exit, at most (see <see cref="AgentHost.StopAsync"/>).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = AgentHost.DefaultShutdownTimeout;

    /// <summary><c>--stall-timeout</c>: /healthz fails once the loop or a reconcile has not finished for this long.</summary>
    public TimeSpan StallTimeout { get; init; } = AgentProbes.DefaultStallTimeout;

    /// <summary><c>--once</c>: reconcile everything once against the cluster, print a summary and exit (see <see cref="AgentOnce"/>).</summary>
    public bool Once { get; init; }

    /// <summary>The most <c>--shards</c>: each round reads every shard Lease.</summary>
    public const int MaxShards = 256;

    public const string Usage = """
        Usage: secretskit-agent [flags]
               secretskit-agent render -f FILE [--reveal]   (no cluster: see 'secretskit-agent render --help')

          --controller-class NAME        serve stores whose spec.controller is NAME (default secretskit)
          --claim-stores-without-controller[=true|false]
                                         also serve stores without spec.controller (default true, as ESO);
                                         false beside ESO: only spec.controller NAME stores are served
          --namespace NS                 watch one namespace (default: all namespaces)
          --enable-cluster-store-reconciler[=true|false]
                                         serve ClusterSecretStores; false = never read them or Namespaces,
                                         for a namespace-scoped install without a ClusterRole (default true)
          --concurrency N                reconcile workers (default 4)
          --shards N                     split the work into N shards held through Leases in --lease-namespace,
                                         shared by every replica; 0 = one leader does all (default 0)
          --metrics-port PORT            /healthz, /readyz and /metrics port (default 8080)
          --lease-namespace NS           namespace of the leader Lease (default $POD_NAMESPACE or default)
          --store-rate-limit R           provider calls per second per store, 0 = unlimited (default 10)
          --store-rate-burst N           calls a store may make at once after being idle (default 100)
          --store-concurrency N          provider calls in flight per store, 0 = unlimited (default 4)
          --client-qps R                 Kubernetes API requests per second, 0 = unlimited (default 50);
                                         a 429 is retried after the server's Retry-After
          --client-burst N               API requests at once after being idle (default 100)
          --refresh-time-max-age D       an unchanged refresh rewrites status.refreshTime only when it is
                                         this old, Go duration, 0 = every refresh (default 1h)
          --generator-gc-grace-period D  how long a replaced GeneratorState (a Grafana token) is kept before
                                         it is deleted and cleaned up, Go duration (default 2m)
          --rollout-restart[=true|false] restart workloads that read a changed Secret (default false)
          --rollout-restart-window D     one restart per workload per window, Go duration (default 30s)
          --vault-allowlist URL[,URL]    Vault addresses a SopsSecret's hc_vault keys may name (repeatable);
                                         none by default: the agent's Vault token goes nowhere else
          --generic-targets KIND[,KIND]  kinds an ExternalSecret's target.manifest may name besides Secret;
                                         the agent writes ConfigMap; "" = none (default ConfigMap)
          --kubeconfig FILE              kubeconfig to use (default: $KUBECONFIG, a list merged as kubectl does,
                                         then the pod's service account, then ~/.kube/config)
          --context NAME                 kubeconfig context to use (default: its current-context)
          --shutdown-timeout D           SIGTERM to exit at most: reconciles in flight finish, then the Lease is
                                         released; keep it under terminationGracePeriodSeconds (default 20s)
          --stall-timeout D              /healthz fails when the election loop or one reconcile has not finished
                                         for this long, Go duration (default 5m)
          --once                         reconcile every object once against the cluster, print one line per
                                         ExternalSecret and exit: 0 all synced, 1 otherwise (takes the leader
                                         Lease for the pass: refused while another agent holds it)
          --version                      print the version and exit
          -h, --help                     print this help and exit

        """;

    public static AgentCommandLine Parse(string[] args)
    {
        var state = new ParseState(Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "default");
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "--version" or "--once")
            {
                if (arg == "--version") state.Version = true;
                else if (arg == "--once") state.Once = true;
                else state.Help = true;
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new AgentUsageException($"unexpected argument '{arg}' (the agent takes flags only)");
            }
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var flag = eq < 0 ? arg : arg[..eq];
            if (ApplySwitch(state, flag, eq < 0 ? null : arg[(eq + 1)..])) continue;
            if (!IsValued(flag)) throw new AgentUsageException($"unknown flag '{flag}'");
            ApplyValued(state, flag, eq >= 0 ? arg[(eq + 1)..] : NextValue(args, ref i, flag));
        }
        return new AgentCommandLine(state.Options, state.Port, state.LeaseNamespace)
        {
            HelpRequested = state.Help,
            VersionRequested = state.Version,
            Kubeconfig = state.Kubeconfig,
            Context = state.Context,
            ShutdownTimeout = state.ShutdownTimeout,
            StallTimeout = state.StallTimeout,
            Once = state.Once,
        };
    }

    /// <summary>What the flags said so far.</summary>
    private sealed class ParseState(string leaseNamespace)
    {
        public AgentOptions Options { get; set; } = new();

        public int Port { get; set; } = 8080;

        public string LeaseNamespace { get; set; } = leaseNamespace;

        public bool Help { get; set; }

        public bool Version { get; set; }

        public bool Once { get; set; }

        public string? Kubeconfig { get; set; }

        public string? Context { get; set; }

        public TimeSpan ShutdownTimeout { get; set; } = AgentHost.DefaultShutdownTimeout;

        public TimeSpan StallTimeout { get; set; } = AgentProbes.DefaultStallTimeout;
    }

    /// <summary>A boolean flag (<c>--flag</c> or <c>--flag=true|false</c>); false when <paramref name="flag"/> is not one.</summary>
    private static bool ApplySwitch(ParseState state, string flag, string? value)
    {
        if (flag is not ("--rollout-restart" or "--claim-stores-without-controller" or "--enable-cluster-store-reconciler"))
        {
            return false;
        }
        var on = value is null || Bool(flag, value);
        switch (flag)
        {
            case "--rollout-restart": state.Options = state.Options with { RolloutRestart = on }; return true;
            case "--claim-stores-without-controller": state.Options = state.Options with { ClaimStoresWithoutController = on }; return true;
            default: state.Options = state.Options with { ClusterStoreReconciler = on }; return true;
        }
    }

    /// <summary>The value of <c>--flag value</c>: the next argument, unless it is a flag itself.</summary>
    private static string NextValue(string[] args, ref int i, string flag) =>
        i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
            ? args[++i]
            : throw new AgentUsageException($"flag '{flag}' needs a value");

    private static void ApplyValued(ParseState state, string flag, string value)
    {
        var o = state.Options;
        switch (flag)
        {
            case "--namespace": state.Options = o with { Namespace = value }; break;
            case "--controller-class": state.Options = o with { ControllerClass = value }; break;
            case "--lease-namespace": state.LeaseNamespace = value; break;
            case "--concurrency": state.Options = o with { Concurrency = Int(flag, value, 1) }; break;
            case "--shards": state.Options = o with { Shards = Int(flag, value, 0, MaxShards) }; break;
            case "--metrics-port": state.Port = Int(flag, value, 1, 65535); break;
            case "--store-rate-limit": state.Options = o with { StoreRateLimit = Rate(flag, value) }; break;
            case "--store-rate-burst": state.Options = o with { StoreRateBurst = Int(flag, value, 1) }; break;
            case "--store-concurrency": state.Options = o with { StoreConcurrency = Int(flag, value, 0) }; break;
            case "--client-qps": state.Options = o with { ClientQps = Rate(flag, value) }; break;
            case "--client-burst": state.Options = o with { ClientBurst = Int(flag, value, 1) }; break;
            case "--refresh-time-max-age": state.Options = o with { RefreshTimeMaxAge = Duration(flag, value) }; break;
            case "--generator-gc-grace-period": state.Options = o with { GeneratorGcGracePeriod = Duration(flag, value) }; break;
            case "--rollout-restart-window": state.Options = o with { RolloutRestartWindow = Duration(flag, value) }; break;
            case "--vault-allowlist": state.Options = o with { VaultAllowlist = [.. o.VaultAllowlist, .. VaultAddresses(flag, value)] }; break;
            case "--generic-targets": state.Options = o with { GenericTargets = GenericTargetKinds(flag, value) }; break;
            case "--kubeconfig": state.Kubeconfig = NonEmpty(flag, value); break;
            case "--context": state.Context = NonEmpty(flag, value); break;
            case "--shutdown-timeout": state.ShutdownTimeout = Positive(flag, Duration(flag, value)); break;
            case "--stall-timeout": state.StallTimeout = Positive(flag, Duration(flag, value)); break;
        }
    }

    private static bool IsValued(string flag) => flag is "--namespace" or "--controller-class" or "--lease-namespace"
        or "--concurrency" or "--shards" or "--metrics-port" or "--store-rate-limit" or "--store-rate-burst" or "--store-concurrency"
        or "--rollout-restart-window" or "--client-qps" or "--client-burst" or "--refresh-time-max-age" or "--generator-gc-grace-period"
        or "--kubeconfig" or "--context" or "--shutdown-timeout" or "--stall-timeout" or "--vault-allowlist" or "--generic-targets";

    private static IEnumerable<string> VaultAddresses(string flag, string value)
    {
        try
        {
            return [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(VaultAllowlist.Normalize)];
        }
        catch (ArgumentException e)
        {
            throw new AgentUsageException($"flag '{flag}': {e.Message}");
        }
    }

    private static string[] GenericTargetKinds(string flag, string value)
    {
        var kinds = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return kinds.FirstOrDefault(k => !AgentOptions.WritableGenericTargets.Contains(k, StringComparer.Ordinal)) is { } other
            ? throw new AgentUsageException($"flag '{flag}': the agent cannot write '{Core.Errors.Echo.Bounded(other)}' (it writes {string.Join(", ", AgentOptions.WritableGenericTargets)})")
            : kinds;
    }

    private static string NonEmpty(string flag, string value) =>
        value.Length > 0 ? value : throw new AgentUsageException($"flag '{flag}' needs a non-empty value");

    private static TimeSpan Positive(string flag, TimeSpan value) =>
        value > TimeSpan.Zero ? value : throw new AgentUsageException($"flag '{flag}' needs a duration above 0");

    private static bool Bool(string flag, string value) => value switch
    {
        "true" => true,
        "false" => false,
        _ => throw new AgentUsageException($"flag '{flag}' takes true or false, not '{value}'"),
    };

    private static int Int(string flag, string value, int min, int max = int.MaxValue)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        throw new AgentUsageException($"flag '{flag}' needs a whole number from {min} to {max}, not '{value}'");
    }

    private static double Rate(string flag, string value)
    {
        if (double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var r) && double.IsFinite(r)) return r;
        throw new AgentUsageException($"flag '{flag}' needs a number per second (0 = unlimited), not '{value}'");
    }

    private static TimeSpan Duration(string flag, string value)
    {
        if (GoDuration.TryParse(value, out var duration) && duration >= TimeSpan.Zero) return duration;
        throw new AgentUsageException($"flag '{flag}' needs a Go duration such as 30s or 1m30s, not '{value}'");
    }
}
