using System.Globalization;
using SecretsKit.Agent.Reconcile;

namespace SecretsKit.Agent.Hosting;

/// <summary>
/// Parses <c>--namespace</c>, <c>--concurrency</c>, <c>--controller-class</c>, <c>--metrics-port</c>, <c>--lease-namespace</c>,
/// <c>--store-rate-limit</c> (calls/s per store, 0 = off), <c>--store-rate-burst</c>, <c>--store-concurrency</c>.
/// </summary>
internal sealed record AgentCommandLine(AgentOptions Options, int MetricsPort, string LeaseNamespace)
{
    public static AgentCommandLine Parse(string[] args)
    {
        var options = new AgentOptions();
        int port = 8080;
        var leaseNs = Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "default";
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var v = args[i + 1];
            options = args[i] switch
            {
                "--namespace" => options with { Namespace = v },
                "--concurrency" => options with { Concurrency = int.Parse(v, CultureInfo.InvariantCulture) },
                "--controller-class" => options with { ControllerClass = v },
                "--store-rate-limit" => options with { StoreRateLimit = double.Parse(v, CultureInfo.InvariantCulture) },
                "--store-rate-burst" => options with { StoreRateBurst = int.Parse(v, CultureInfo.InvariantCulture) },
                "--store-concurrency" => options with { StoreConcurrency = int.Parse(v, CultureInfo.InvariantCulture) },
                _ => options,
            };
            if (args[i] == "--metrics-port") port = int.Parse(v, CultureInfo.InvariantCulture);
            if (args[i] == "--lease-namespace") leaseNs = v;
        }
        return new AgentCommandLine(options, port, leaseNs);
    }
}
