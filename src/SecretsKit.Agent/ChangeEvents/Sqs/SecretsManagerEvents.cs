using System.Text.Json;
using System.Text.RegularExpressions;

namespace SecretsKit.Agent.ChangeEvents.Sqs;

/// <summary>
/// Maps an EventBridge event (an SQS message body) to the keys of a Secrets Manager or Parameter Store store. Read:
/// <list type="bullet">
/// <item><c>AWS API Call via CloudTrail</c> from <c>secretsmanager.amazonaws.com</c> for a call that changes what a read
/// or a find returns (PutSecretValue, UpdateSecret, RotateSecret, DeleteSecret, RestoreSecret, UpdateSecretVersionStage,
/// CreateSecret, TagResource, UntagResource): the secret in <c>detail.requestParameters.secretId</c> (CreateSecret:
/// <c>name</c>; a name or an ARN) and <c>detail.responseElements.arn</c> / <c>aRN</c>; and the tags the call sets
/// (<c>requestParameters.tags</c>, CreateSecret's being all of them) or removes (<c>requestParameters.tagKeys</c>);</item>
/// <item>Secrets Manager's own <c>AWS Service Event via CloudTrail</c> (rotation ended or abandoned, a version's deletion):
/// the ARN in <c>detail.additionalEventData.SecretId</c> or <c>resources[]</c>;</item>
/// <item>Parameter Store's <c>Parameter Store Change</c> (<c>aws.ssm</c>): the name in <c>detail.name</c>.</item>
/// </list>
/// The event's <c>account</c> and <c>region</c>, and those of every ARN, must be the queue's and the store's; a body
/// over 256 KiB or nested deeper than 16 levels, another account or region, an ARN of another service, or a name
/// Secrets Manager would refuse (or holding <c>..</c>) drops the message with the reason. An ARN gives two keys, the ARN
/// and the secret's name (the ARN without its 6-character suffix), so ExternalSecrets that name it either way match.
/// </summary>
internal static partial class SecretsManagerEvents
{
    public const int MaxBody = 256 * 1024;
    private const int MaxDepth = 16;

    private static readonly HashSet<string> ApiCalls = new(StringComparer.Ordinal)
    {
        "PutSecretValue", "UpdateSecret", "RotateSecret", "DeleteSecret", "RestoreSecret", "UpdateSecretVersionStage",
        "CreateSecret", "TagResource", "UntagResource",
    };

    private static readonly HashSet<string> ServiceEvents = new(StringComparer.Ordinal)
    {
        "RotationSucceeded", "RotationAbandoned", "RotationFailed", "StartSecretVersionDelete", "CancelSecretVersionDelete", "EndSecretVersionDelete",
    };

    /// <summary>The keys <paramref name="body"/> names for a store of <paramref name="parameterStore"/> kind; or the reason it is dropped.</summary>
    public static ChangeMessage Map(string handle, string? body, SqsQueueAddress queue, bool parameterStore)
    {
        if (body is null || body.Length > MaxBody) return ChangeMessage.Ignored(handle, $"message body missing or over {MaxBody / 1024} KiB");
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return ChangeMessage.Ignored(handle, "not an EventBridge event (no JSON object)");
            var account = Str(root, "account");
            var region = Str(root, "region");
            if (account != queue.Account) return ChangeMessage.Ignored(handle, $"event of another account ({Bounded(account)})");
            if (region != queue.Region) return ChangeMessage.Ignored(handle, $"event of another region ({Bounded(region)})");
            var source = Str(root, "source");
            var detailType = Str(root, "detail-type") ?? "";
            if (!root.TryGetProperty("detail", out var detail) || detail.ValueKind != JsonValueKind.Object) return ChangeMessage.Ignored(handle, "event without detail");
            if (parameterStore)
            {
                if (source != "aws.ssm" || detailType != "Parameter Store Change") return ChangeMessage.Ignored(handle, null);
                return Str(detail, "name") is { } parameter && ValidName(parameter)
                    ? new ChangeMessage(handle, [parameter])
                    : ChangeMessage.Ignored(handle, "Parameter Store event without a valid parameter name");
            }
            if (source != "aws.secretsmanager") return ChangeMessage.Ignored(handle, null);
            var eventName = Str(detail, "eventName") ?? "";
            var ids = new List<string?>();
            TagChange? tags = null;
            if (detailType == "AWS API Call via CloudTrail")
            {
                if (Str(detail, "eventSource") != "secretsmanager.amazonaws.com" || !ApiCalls.Contains(eventName)) return ChangeMessage.Ignored(handle, null);
                ids.Add(Child(detail, "requestParameters", eventName == "CreateSecret" ? "name" : "secretId"));
                tags = TagsOf(detail, eventName);
                ids.Add(Child(detail, "responseElements", "arn"));
                ids.Add(Child(detail, "responseElements", "aRN"));
            }
            else if (detailType.StartsWith("AWS Service Event via CloudTrail", StringComparison.Ordinal))
            {
                if (!ServiceEvents.Contains(eventName)) return ChangeMessage.Ignored(handle, null);
                ids.Add(Child(detail, "additionalEventData", "SecretId"));
                if (root.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Array)
                {
                    foreach (var r in resources.EnumerateArray().Take(10)) ids.Add(r.ValueKind == JsonValueKind.String ? r.GetString() : null);
                }
            }
            else return ChangeMessage.Ignored(handle, null);
            var keys = new List<string>();
            foreach (var id in ids.OfType<string>().Where(i => i.Length > 0).Distinct(StringComparer.Ordinal))
            {
                if (KeysOf(id, queue, keys) is { } problem) return ChangeMessage.Ignored(handle, problem);
            }
            return keys.Count == 0 ? ChangeMessage.Ignored(handle, $"{eventName} event names no secret") : new ChangeMessage(handle, [.. keys.Distinct(StringComparer.Ordinal)], Tags: tags);
        }
        catch (JsonException)
        {
            return ChangeMessage.Ignored(handle, "malformed JSON or nested too deep");
        }
    }

    /// <summary>Adds the keys a secret id (name or ARN) stands for; returns why it is refused, or null.</summary>
    private static string? KeysOf(string id, SqsQueueAddress queue, List<string> keys)
    {
        if (!id.StartsWith("arn:", StringComparison.Ordinal))
        {
            if (!ValidName(id)) return "secret name Secrets Manager would refuse";
            keys.Add(id);
            return null;
        }
        var match = Arn().Match(id);
        if (!match.Success) return "not a Secrets Manager secret ARN";
        if (match.Groups["region"].Value != queue.Region) return $"ARN of another region ({Bounded(match.Groups["region"].Value)})";
        if (match.Groups["account"].Value != queue.Account) return $"ARN of another account ({Bounded(match.Groups["account"].Value)})";
        var name = match.Groups["name"].Value;
        if (!ValidName(name)) return "secret name Secrets Manager would refuse";
        keys.Add(id);
        keys.Add(name);
        return null;
    }

    /// <summary>
    /// The tags a CloudTrail call sets or removes: <c>requestParameters.tags</c> (<c>[{key, value}]</c>; all of the
    /// secret's for CreateSecret) and <c>requestParameters.tagKeys</c>; null when the call carries none or more than
    /// <see cref="TagChange.MaxTags"/>, or one is not strings of Secrets Manager's lengths (128 and 256).
    /// </summary>
    private static TagChange? TagsOf(JsonElement detail, string eventName)
    {
        if (eventName is not ("CreateSecret" or "TagResource" or "UntagResource")) return null;
        if (!detail.TryGetProperty("requestParameters", out var request) || request.ValueKind != JsonValueKind.Object) return null;
        var set = new Dictionary<string, string>(StringComparer.Ordinal);
        var removed = new HashSet<string>(StringComparer.Ordinal);
        if (request.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array)
        {
            if (tags.GetArrayLength() > TagChange.MaxTags) return null;
            foreach (var tag in tags.EnumerateArray())
            {
                if (tag.ValueKind != JsonValueKind.Object || Str(tag, "key") is not { Length: > 0 and <= 128 } key || Str(tag, "value") is not { Length: <= 256 } value) return null;
                set[key] = value;
            }
        }
        if (request.TryGetProperty("tagKeys", out var keys) && keys.ValueKind == JsonValueKind.Array)
        {
            if (keys.GetArrayLength() > TagChange.MaxTags) return null;
            foreach (var key in keys.EnumerateArray())
            {
                if (key.ValueKind != JsonValueKind.String || key.GetString() is not { Length: > 0 and <= 128 } name) return null;
                removed.Add(name);
            }
        }
        var complete = eventName == "CreateSecret";
        return set.Count > 0 || removed.Count > 0 || complete ? new TagChange(set, removed, complete) : null;
    }

    private static bool ValidName(string name) => name.Length is > 0 and <= 2048 && NameChars().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    private static string? Str(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? Child(JsonElement obj, string parent, string name) =>
        obj.TryGetProperty(parent, out var p) && p.ValueKind == JsonValueKind.Object ? Str(p, name) : null;

    private static string Bounded(string? text) => Core.Errors.Echo.Bounded(text ?? "none", 40);

    [GeneratedRegex(@"^arn:aws(-cn|-us-gov|-iso|-iso-b)?:secretsmanager:(?<region>[a-z0-9-]+):(?<account>[0-9]{12}):secret:(?<name>.+)-[A-Za-z0-9]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex Arn();

    [GeneratedRegex(@"^[A-Za-z0-9/_+=.@-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NameChars();
}
