using System.Globalization;

namespace SecretsKit.Bench.AgentBench;

/// <summary>
/// The command line of <c>agentbench</c>. <see cref="Intervals"/> &gt; 0 adds the steady-state phases (refresh windows,
/// one value change, <see cref="Creations"/> new ExternalSecrets); <see cref="AgentArgs"/> are passed to the agent as is.
/// <see cref="MemoryLimitMiB"/> runs the agent as under a container memory limit of that size (0 = none).
/// <see cref="Failover"/> (<c>--failover true</c>, sharded runs) adds the kill -9 and added-replica phases (<see cref="AgentBench.Failover"/>).
/// <see cref="ChangeEvents"/> (<c>--change-events sqs|vault|pubsub|servicebus</c>) runs the change-event bench instead (<see cref="ChangeEventsBench"/>):
/// <see cref="Changes"/> keys changed at random moments over <see cref="ChangeWindowSeconds"/>.
/// </summary>
internal sealed record BenchOptions(string Agent, int ExternalSecrets, int Keys, int SettleSeconds, int TimeoutSeconds, string? Out,
    int RefreshSeconds, int Intervals, int Creations, IReadOnlyList<string> AgentArgs, int MemoryLimitMiB = 0, int Replicas = 1, bool Failover = false,
    string? ChangeEvents = null, int Changes = 100, int ChangeWindowSeconds = 60)
{
    /// <summary>Null when the arguments are unusable (no <c>--agent</c>, an unknown flag or a bad number).</summary>
    public static BenchOptions? Parse(string[] args)
    {
        string? agent = null, output = null;
        int externalSecrets = 1000, keys = 100, settle = 15, timeout = 300, refresh = 3600, intervals = 0, creations = 100, memoryLimit = 0, replicas = 1;
        var failover = false;
        string? changeEvents = null;
        int changes = 100, changeWindow = 60;
        var agentArgs = new List<string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--agent": agent = value; break;
                case "--out": output = value; break;
                case "--agent-arg": agentArgs.Add(value); break;
                case "--externalsecrets" when Positive(value, out var n): externalSecrets = n; break;
                case "--keys" when Positive(value, out var k): keys = k; break;
                case "--settle" when int.TryParse(value, CultureInfo.InvariantCulture, out var s) && s >= 0: settle = s; break;
                case "--timeout" when Positive(value, out var t): timeout = t; break;
                case "--replicas" when Positive(value, out var p): replicas = p; break;
                case "--change-events" when ChangeEventsBench.Sources.Contains(value, StringComparer.Ordinal): changeEvents = value; break;
                case "--changes" when Positive(value, out var ch): changes = ch; break;
                case "--change-window" when Positive(value, out var cw): changeWindow = cw; break;
                case "--failover" when value is "true" or "false": failover = value == "true"; break;
                case "--refresh" when Positive(value, out var r): refresh = r; break;
                case "--intervals" when int.TryParse(value, CultureInfo.InvariantCulture, out var w) && w >= 0: intervals = w; break;
                case "--memory-limit-mib" when int.TryParse(value, CultureInfo.InvariantCulture, out var m) && m >= 0: memoryLimit = m; break;
                case "--creations" when int.TryParse(value, CultureInfo.InvariantCulture, out var c) && c >= 0: creations = c; break;
                default: return null;
            }
        }
        if (args.Length % 2 != 0 || agent is null) return null;
        return new BenchOptions(Path.GetFullPath(agent), externalSecrets, keys, settle, timeout, output, refresh, intervals, creations, agentArgs, memoryLimit, replicas, failover,
            changeEvents, changes, changeWindow);
    }

    private static bool Positive(string value, out int n) => int.TryParse(value, CultureInfo.InvariantCulture, out n) && n > 0;
}
