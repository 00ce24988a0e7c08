using System.Text.Json;
using System.Text.RegularExpressions;
using SecretsKit.Cloud.Gcp.Events;

namespace SecretsKit.Agent.ChangeEvents.PubSub;

/// <summary>
/// Maps a Secret Manager event notification (a Pub/Sub message) to the key of a gcpsm store: attribute <c>eventType</c>
/// (a version added, enabled, disabled or destroyed; the secret updated, rotated or deleted; <c>TOPIC_CONFIGURED</c> is
/// only the topic's test message and refreshes nothing) and attribute <c>secretId</c>,
/// <c>projects/&lt;project ID or number&gt;/secrets/&lt;name&gt;</c> (regional: <c>…/locations/&lt;location&gt;/secrets/…</c>).
/// The project must be the store's (its <c>projectID</c>, or its number), the location the store's; anything else, or a
/// name Secret Manager would refuse, drops the message with the reason. A secret's creation or update carries the Secret
/// JSON in <c>data</c>: its <c>labels</c> are the secret's tags now (<see cref="TagChange"/>, for tags-only finds);
/// version events carry the SecretVersion, which has none.
/// </summary>
internal static partial class SecretManagerEvents
{
    private static readonly HashSet<string> Changes = new(StringComparer.Ordinal)
    {
        "SECRET_VERSION_ADD", "SECRET_VERSION_ENABLE", "SECRET_VERSION_DISABLE", "SECRET_VERSION_DESTROY", "SECRET_UPDATE", "SECRET_ROTATE", "SECRET_DELETE",
        "SECRET_CREATE",
    };

    /// <summary>The base64 <c>data</c> read for labels, at most (a Secret's JSON is a few KiB).</summary>
    private const int MaxData = 64 * 1024;

    public static ChangeMessage Map(string ackId, PubSubMessage? message, string project, string? projectNumber, string? location)
    {
        var attributes = message?.Attributes;
        var type = attributes?.GetValueOrDefault("eventType");
        if (type is null || !Changes.Contains(type)) return ChangeMessage.Ignored(ackId, type is null or "TOPIC_CONFIGURED" ? null : $"event type {Bounded(type)} changes nothing read");
        if (attributes!.GetValueOrDefault("secretId") is not { } secretId) return ChangeMessage.Ignored(ackId, $"{type} without a secretId attribute");
        var match = SecretId().Match(secretId);
        if (!match.Success) return ChangeMessage.Ignored(ackId, "secretId is not projects/<project>/secrets/<name>");
        var eventProject = match.Groups["project"].Value;
        if (eventProject != project && eventProject != projectNumber) return ChangeMessage.Ignored(ackId, $"event of another project ({Bounded(eventProject)})");
        var eventLocation = match.Groups["location"].Success ? match.Groups["location"].Value : null;
        if (eventLocation != location) return ChangeMessage.Ignored(ackId, $"event of another location ({Bounded(eventLocation ?? "global")})");
        var tags = type is "SECRET_CREATE" or "SECRET_UPDATE" ? Labels(message!.Data) : null;
        return new ChangeMessage(ackId, [match.Groups["name"].Value], Tags: tags);
    }

    /// <summary>The <c>labels</c> of the Secret JSON in <paramref name="data"/> (base64), all of them; null when unreadable, too large or too many.</summary>
    private static TagChange? Labels(string? data)
    {
        if (data is not { Length: > 0 and <= MaxData }) return null;
        try
        {
            using var doc = JsonDocument.Parse(Convert.FromBase64String(data), new JsonDocumentOptions { MaxDepth = 16 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (doc.RootElement.TryGetProperty("labels", out var map))
            {
                if (map.ValueKind != JsonValueKind.Object) return null;
                foreach (var label in map.EnumerateObject())
                {
                    if (labels.Count == TagChange.MaxTags || label.Value.ValueKind != JsonValueKind.String || label.Name.Length is 0 or > 63) return null;
                    labels[label.Name] = label.Value.GetString()!;
                }
            }
            return new TagChange(labels, [], Complete: true);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private static string Bounded(string text) => Core.Errors.Echo.Bounded(text, 40);

    [GeneratedRegex("^projects/(?<project>[a-z0-9-]{1,40})(/locations/(?<location>[a-z0-9-]{1,40}))?/secrets/(?<name>[A-Za-z0-9_-]{1,255})$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretId();
}
