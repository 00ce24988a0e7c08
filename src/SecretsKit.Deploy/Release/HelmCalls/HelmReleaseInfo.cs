using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Release.HelmCalls;

/// <summary>Reads helm's JSON outputs: <c>history -o json</c> (revisions) and <c>status -o json</c> (a one-line summary).</summary>
public static class HelmReleaseInfo
{
    /// <summary>One row of <c>helm history</c>.</summary>
    public sealed record Revision(int Number, string Status, string Chart);

    public static IReadOnlyList<Revision> History(string json)
    {
        try
        {
            var rows = new List<Revision>();
            foreach (var item in JsonNode.Parse(json) as JsonArray ?? [])
            {
                if (item is not JsonObject o) continue;
                rows.Add(new Revision(
                    Int(o["revision"]),
                    o["status"]?.GetValue<string>() ?? "",
                    o["chart"]?.GetValue<string>() ?? ""));
            }
            return rows.OrderBy(r => r.Number).ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"could not read helm history output: {e.Message}");
        }
    }

    /// <summary>The revision to return to: the newest one before the current that was deployed or superseded (never a failed one).</summary>
    public static int? PreviousRevision(IReadOnlyList<Revision> history)
    {
        if (history.Count == 0) return null;
        var current = history[^1].Number;
        return history.Where(r => r.Number < current && r.Status is "superseded" or "deployed")
            .Select(r => (int?)r.Number).LastOrDefault();
    }

    /// <summary>The fields of <c>helm status -o json</c> a summary line shows.</summary>
    public sealed record Status(int Revision, string State, string Chart, string Updated, string Description);

    public static Status ParseStatus(string json)
    {
        try
        {
            var o = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("not a JSON object");
            var info = o["info"] as JsonObject;
            var meta = o["chart"]?["metadata"] as JsonObject;
            var chart = meta is null ? "" : $"{meta["name"]?.GetValue<string>()}-{meta["version"]?.GetValue<string>()}";
            return new Status(Int(o["version"]), info?["status"]?.GetValue<string>() ?? "unknown", chart,
                info?["last_deployed"]?.GetValue<string>() ?? "", info?["description"]?.GetValue<string>() ?? "");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"could not read helm status output: {e.Message}");
        }
    }

    private static int Int(JsonNode? node) => node switch
    {
        null => 0,
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<string>(out var s) => int.Parse(s, CultureInfo.InvariantCulture),
        _ => throw new FormatException("revision is not a number"),
    };
}
