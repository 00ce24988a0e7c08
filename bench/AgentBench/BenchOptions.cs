using System.Globalization;

namespace SecretsKit.Bench.AgentBench;

/// <summary>The command line of <c>agentbench</c>.</summary>
internal sealed record BenchOptions(string Agent, int ExternalSecrets, int Keys, int SettleSeconds, int TimeoutSeconds, string? Out)
{
    /// <summary>Null when the arguments are unusable (no <c>--agent</c>, an unknown flag or a bad number).</summary>
    public static BenchOptions? Parse(string[] args)
    {
        string? agent = null, output = null;
        int externalSecrets = 1000, keys = 100, settle = 15, timeout = 300;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--agent": agent = value; break;
                case "--out": output = value; break;
                case "--externalsecrets" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0: externalSecrets = n; break;
                case "--keys" when int.TryParse(value, CultureInfo.InvariantCulture, out var k) && k > 0: keys = k; break;
                case "--settle" when int.TryParse(value, CultureInfo.InvariantCulture, out var s) && s >= 0: settle = s; break;
                case "--timeout" when int.TryParse(value, CultureInfo.InvariantCulture, out var t) && t > 0: timeout = t; break;
                default: return null;
            }
        }
        if (args.Length % 2 != 0 || agent is null) return null;
        return new BenchOptions(Path.GetFullPath(agent), externalSecrets, keys, settle, timeout, output);
    }
}
