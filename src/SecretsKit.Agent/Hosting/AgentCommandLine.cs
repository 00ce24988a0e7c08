using System.Globalization;
using SecretsKit.Agent.Reconcile;

namespace SecretsKit.Agent.Hosting;

/// <summary>
/// Parses <c>--namespace</c>, <c>--concurrency</c>, <c>--controller-class</c>, <c>--metrics-port</c>, <c>--lease-namespace</c>,
/// <c>--rollout-restart</c> (a flag, or <c>=true|false</c>), <c>--rollout-restart-window</c> (Go duration),
/// <c>--store-rate-limit</c> (provider calls/s per store, 0 = off), <c>--store-rate-burst</c>, <c>--store-concurrency</c>.
/// </summary>
internal sealed record AgentCommandLine(AgentOptions Options, int MetricsPort, string LeaseNamespace)
{
    public static AgentCommandLine Parse(string[] args)
    {
        var options = new AgentOptions();
        int port = 8080;
        var leaseNs = Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "default";
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--rollout-restart" or "--rollout-restart=true" or "--rollout-restart=false")
            {
                options = options with { RolloutRestart = args[i] != "--rollout-restart=false" };
                continue;
            }
            if (i + 1 >= args.Length) break;
            var v = args[++i];
            options = args[i - 1] switch
            {
                "--rollout-restart-window" => options with { RolloutRestartWindow = RefreshPolicies.ParseInterval(v) },
                "--namespace" => options with { Namespace = v },
                "--concurrency" => options with { Concurrency = int.Parse(v, CultureInfo.InvariantCulture) },
                "--controller-class" => options with { ControllerClass = v },
                "--store-rate-limit" => options with { StoreRateLimit = double.Parse(v, CultureInfo.InvariantCulture) },
                "--store-rate-burst" => options with { StoreRateBurst = int.Parse(v, CultureInfo.InvariantCulture) },
                "--store-concurrency" => options with { StoreConcurrency = int.Parse(v, CultureInfo.InvariantCulture) },
                _ => options,
            };
            if (args[i - 1] == "--metrics-port") port = int.Parse(v, CultureInfo.InvariantCulture);
            if (args[i - 1] == "--lease-namespace") leaseNs = v;
        }
        return new AgentCommandLine(options, port, leaseNs);
    }
}
