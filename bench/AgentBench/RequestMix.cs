using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Bench.AgentBench;

/// <summary>
/// What the first sync asked of the Kubernetes API and what that costs under the agent's client-side limit: the requests
/// by method and resource (<c>POST secrets</c>, <c>PATCH externalsecrets/status</c>, <c>POST events</c>, …) and the
/// shortest time the token bucket allows for them (every request, watches included, takes a token: the burst is spent
/// first, then one request per 1/QPS s), with <c>--client-qps</c>/<c>--client-burst</c> as passed or the agent's defaults.
/// The Lease rounds are left out of that floor: their client has a bucket of its own.
/// </summary>
internal static class RequestMix
{
    /// <summary>The agent's defaults (<c>AgentOptions.ClientQps</c>/<c>ClientBurst</c>), used when the run does not pass the flags.</summary>
    private const double DefaultQps = 50;
    private const int DefaultBurst = 100;

    public static JsonObject Report(IReadOnlyList<FakeKubeRequest> requests, IReadOnlyList<string> agentArgs)
    {
        var byKind = new JsonObject();
        foreach (var group in requests.GroupBy(Kind).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
            byKind[group.Key] = group.Count();
        var qps = Flag(agentArgs, "--client-qps") ?? DefaultQps;
        var burst = Flag(agentArgs, "--client-burst") ?? DefaultBurst;
        var limited = requests.Count(r => !Kind(r).EndsWith(" leases", StringComparison.Ordinal));
        return new JsonObject
        {
            ["requests"] = requests.Count,
            ["requests_limited"] = limited,
            ["by_kind"] = byKind,
            ["client_qps"] = qps,
            ["client_burst"] = burst,
            // a limit of 0 is no limit: nothing to wait for
            ["client_limit_floor_s"] = qps <= 0 ? 0 : Math.Round(Math.Max(0, limited - burst) / qps, 1),
        };
    }

    /// <summary><c>METHOD resource[/subresource]</c> of a request path (<c>/api/v1/namespaces/bench/secrets/es-0001</c> → <c>secrets</c>).</summary>
    internal static string Kind(FakeKubeRequest request)
    {
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // skip /api/v1 or /apis/GROUP/VERSION, then namespaces/NS when a resource follows
        var i = segments.Length > 0 && segments[0] == "api" ? 2 : 3;
        if (i + 2 < segments.Length && segments[i] == "namespaces") i += 2;
        var resource = i < segments.Length ? segments[i] : "?";
        if (i + 2 < segments.Length) resource += "/" + segments[i + 2];
        var watch = request.Query.Contains("watch=true", StringComparison.Ordinal) || request.Query.Contains("watch=1", StringComparison.Ordinal);
        return (watch ? "WATCH" : request.Method) + " " + resource;
    }

    private static double? Flag(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i + 1 < args.Count; i++)
        {
            if (args[i] == name) return double.Parse(args[i + 1], CultureInfo.InvariantCulture);
        }
        return null;
    }
}
