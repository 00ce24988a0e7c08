using System.Text.Json.Nodes;
using SecretsKit.Go.Time;

namespace SecretsKit.Agent.Model;

/// <summary>
/// <c>spec.syncWindows</c>: when periodic refreshes may run (ESO v2.9). <paramref name="Allow"/>: only while a window is
/// open (<c>kind: allow</c>), else never while one is (<c>kind: deny</c>). Each window opens at a cron firing (UTC) and stays
/// open for its duration.
/// </summary>
internal sealed record SyncWindows(bool Allow, IReadOnlyList<(string Schedule, TimeSpan Duration)> Windows)
{
    /// <summary>Null without windows. A duration that is not a Go duration is a problem of <paramref name="reader"/> (the window is left out).</summary>
    public static SyncWindows? Parse(JsonNode? node, SpecReader reader)
    {
        if (node is not JsonObject o) return null;
        var windows = new List<(string, TimeSpan)>();
        foreach (var (w, i) in Json.Objects(o["windows"]).Select((w, i) => (w, i)))
        {
            if (GoDuration.TryParse(Json.Str(w["duration"]) ?? "", out var duration) && duration >= TimeSpan.Zero) windows.Add((Json.Str(w["schedule"]) ?? "", duration));
            else reader.Invalid($"spec.syncWindows.windows[{i}].duration", "a Go duration (e.g. 8h)");
        }
        return windows.Count == 0 ? null : new SyncWindows(Json.Str(o["kind"]) == "allow", windows);
    }
}
