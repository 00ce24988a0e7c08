using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SecretsKit.Bench.AgentBench;

/// <summary>The result as a Markdown table (what the README's performance section shows).</summary>
internal static class BenchTable
{
    public static string Render(JsonObject r)
    {
        var es = r["externalsecrets"]!.GetValue<int>();
        var keys = r["remote_keys"]!.GetValue<int>();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{es:N0} ExternalSecrets over {keys:N0} Vault keys, refresh {r["refresh_s"]} s, agent args: {r["agent_args"]}\n\n");
        sb.Append("| measure | result |\n|---|---|\n");
        Row(sb, "first full sync (first creation → last Secret)", $"{Seconds(r["full_sync_ms"])} s (p50 {Seconds(r["latency_p50_ms"])} s per ExternalSecret)");
        Row(sb, "Vault reads during the first sync", $"{r["vault_kv_reads_first_sync"]}");
        Row(sb, "Vault reads per steady interval", List(r["vault_reads_per_interval"]));
        Row(sb, "API GETs per steady interval (watches and the leader Lease excluded)", List(r["api_gets_per_interval"]));
        Row(sb, "API writes per steady interval (the leader Lease excluded)", List(r["api_writes_per_interval"]) + $" (status patches {List(r["status_patches_per_interval"])})");
        Row(sb, "leader Lease requests per steady interval (GET + PUT every 2 s)", List(r["lease_requests_per_interval"]));
        Row(sb, $"one value changed (key used by {r["value_change_users"]} ExternalSecrets)",
            $"{r["value_change_secrets_updated"]} Secrets updated, {r["value_change_secret_writes"]} Secret writes, "
            + $"{r["value_change_secrets_written_once"]} written exactly once, {r["value_change_other_secret_writes"]} other Secret writes");
        Row(sb, $"new ExternalSecret → Secret ({r["creations_synced"]}/{r["creations"]} created while steady)",
            $"p50 {r["creation_latency_p50_ms"]} ms, p99 {r["creation_latency_p99_ms"]} ms, max {r["creation_latency_max_ms"]} ms");
        Row(sb, "agent RSS idle / after the first sync / after the steady intervals / end (peak)",
            $"{r["rss_mb_idle"]} / {r["rss_mb_after_sync"]} / {r["rss_mb_after_steady_intervals"]} / {r["rss_mb_end"]} MB ({r["rss_mb_peak"]} MB)");
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string measure, string result) => sb.Append(CultureInfo.InvariantCulture, $"| {measure} | {result} |\n");

    private static string List(JsonNode? values) => values is JsonArray a ? string.Join(", ", a.Select(v => v?.ToJsonString())) : "-";

    private static string Seconds(JsonNode? ms) =>
        ms is null ? "-" : (ms.GetValue<double>() / 1000).ToString("0.0", CultureInfo.InvariantCulture);
}
