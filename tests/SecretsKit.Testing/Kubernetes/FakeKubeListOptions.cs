using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>
/// A list or watch request's query options as the API server validates them (apimachinery's <c>ValidateListOptions</c>,
/// with the WatchList feature on, as in Kubernetes 1.35): <c>sendInitialEvents</c> only on a watch and only with
/// <c>resourceVersionMatch=NotOlderThan</c>, <c>resourceVersionMatch</c> on a watch only with <c>sendInitialEvents</c>;
/// anything else is a 422 <c>ListOptions.meta.k8s.io "" is invalid</c> naming every broken field.
/// </summary>
internal static class FakeKubeListOptions
{
    private const string NotOlderThan = "NotOlderThan";

    private const string Exact = "Exact";

    /// <summary>Checks a plain list's options; throws the API server's 422 when they are invalid.</summary>
    public static void ValidateList(IQueryCollection q)
    {
        var errors = new List<FakeFieldError>();
        var match = q["resourceVersionMatch"].ToString();
        if (match.Length > 0)
        {
            if (q["resourceVersion"].ToString().Length == 0) errors.Add(Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
            if (q["continue"].ToString().Length > 0) errors.Add(Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            if (match is not (Exact or NotOlderThan)) errors.Add(NotSupported("resourceVersionMatch", match, Exact, NotOlderThan, ""));
            if (match == Exact && q["resourceVersion"] == "0") errors.Add(Forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
        }
        if (q.ContainsKey("sendInitialEvents")) errors.Add(Forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
        if (errors.Count > 0) throw FakeKubeStatus.InvalidListOptions(errors);
    }

    /// <summary>
    /// Where a watch with these options starts. <c>sendInitialEvents</c> defaults to true for a resourceVersion of "" or
    /// "0" (the state first, no end marker) and to false otherwise; set to true, the state comes first and, when the
    /// client allows bookmarks, a BOOKMARK annotated <c>k8s.io/initial-events-end</c> ends it; set to false, a watch
    /// without a resourceVersion starts at the current one with no synthetic events.
    /// </summary>
    public static FakeWatchStart Watch(IQueryCollection q)
    {
        var match = q["resourceVersionMatch"].ToString();
        bool? sendInitialEvents = q.TryGetValue("sendInitialEvents", out var s) ? GoBool(s.ToString()) : null;
        var errors = new List<FakeFieldError>();
        if (sendInitialEvents is not null && match != NotOlderThan)
        {
            errors.Add(Forbidden("resourceVersionMatch", $"sendInitialEvents requires setting resourceVersionMatch to {NotOlderThan}"));
        }
        if (match.Length > 0)
        {
            if (sendInitialEvents is null) errors.Add(Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            if (match != NotOlderThan) errors.Add(NotSupported("resourceVersionMatch", match, NotOlderThan));
            if (q["continue"].ToString().Length > 0) errors.Add(Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
        }
        if (errors.Count > 0) throw FakeKubeStatus.InvalidListOptions(errors);

        var version = q["resourceVersion"].ToString();
        var from = version.Length == 0 || version == "0" ? (long?)null
            : long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv
            : throw FakeKubeStatus.BadRequest($"invalid resourceVersion {version}");
        return sendInitialEvents switch
        {
            // NotOlderThan: the fake's state is always the newest, so it is at least as new as any version asked for
            true => new FakeWatchStart(null, true, q["allowWatchBookmarks"] == "true"),
            false when from is null => new FakeWatchStart(null, false, false),
            null when from is null => FakeWatchStart.CurrentState,
            _ => FakeWatchStart.From(from!.Value),
        };
    }

    /// <summary>A query boolean as apimachinery converts it: "false" (any case) and "0" are false, any other value true.</summary>
    private static bool GoBool(string text) => !(text == "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase));

    private static FakeFieldError Forbidden(string field, string detail) => new("FieldValueForbidden", field, $"Forbidden: {detail}");

    private static FakeFieldError NotSupported(string field, string value, params string[] supported) =>
        new("FieldValueNotSupported", field, $"Unsupported value: \"{value}\": supported values: {string.Join(", ", supported.Select(v => $"\"{v}\""))}");
}
