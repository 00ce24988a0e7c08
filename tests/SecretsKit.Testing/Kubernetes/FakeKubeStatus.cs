using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>An API error the fake answers with a <c>Status</c> body, shaped like the real API server's.</summary>
internal sealed class FakeKubeStatus : Exception
{
    public FakeKubeStatus(int code, string reason, string message, JsonObject? details = null, int? retryAfterSeconds = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
        RetryAfterSeconds = retryAfterSeconds;
    }

    public int Code { get; }

    public string Reason { get; }

    public JsonObject? Details { get; }

    public int? RetryAfterSeconds { get; }

    public JsonObject ToJson()
    {
        var o = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        var details = Details?.DeepClone().AsObject();
        if (RetryAfterSeconds is { } ra)
        {
            details ??= new JsonObject();
            details["retryAfterSeconds"] = ra;
        }
        if (details is not null) o["details"] = details;
        o["code"] = Code;
        return o;
    }

    private static JsonObject NameDetails(FakeResourceType t, string name) =>
        new() { ["name"] = name, ["group"] = t.Group, ["kind"] = t.Plural };

    public static FakeKubeStatus NotFound(FakeResourceType t, string name) =>
        new(404, "NotFound", $"{t.QualifiedPlural} \"{name}\" not found", NameDetails(t, name));

    public static FakeKubeStatus AlreadyExists(FakeResourceType t, string name) =>
        new(409, "AlreadyExists", $"{t.QualifiedPlural} \"{name}\" already exists", NameDetails(t, name));

    public static FakeKubeStatus Conflict(FakeResourceType t, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {t.QualifiedPlural} \"{name}\": {why}", NameDetails(t, name));

    public static FakeKubeStatus Invalid(FakeResourceType t, string name, string field, string problem)
    {
        var details = NameDetails(t, name);
        details["kind"] = t.Kind;
        details["causes"] = new JsonArray(new JsonObject
        {
            ["reason"] = "FieldValueInvalid",
            ["message"] = $"Invalid value: {problem}",
            ["field"] = field,
        });
        return new(422, "Invalid", $"{t.Kind} \"{name}\" is invalid: {field}: Invalid value: {problem}", details);
    }

    /// <summary>
    /// A custom resource refused by its CRD schema: <c>Kind.group "name" is invalid: …</c> with one error, or the
    /// errors in brackets joined by ", " with more, and one cause per error (as apimachinery's <c>NewInvalid</c>).
    /// </summary>
    public static FakeKubeStatus Invalid(FakeResourceType t, string name, IReadOnlyList<FakeFieldError> errors)
    {
        var details = NameDetails(t, name);
        details["kind"] = t.Kind;
        details["causes"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject
        {
            ["reason"] = e.Reason,
            ["message"] = e.Body,
            ["field"] = e.Field,
        })]);
        var qualified = t.Group.Length == 0 ? t.Kind : $"{t.Kind}.{t.Group}";
        var list = errors.Count == 1 ? errors[0].ToString() : $"[{string.Join(", ", errors)}]";
        return new(422, "Invalid", $"{qualified} \"{name}\" is invalid: {list}", details);
    }

    /// <summary>List or watch options the API server refuses (apimachinery's <c>ValidateListOptions</c>): one cause per error.</summary>
    public static FakeKubeStatus InvalidListOptions(IReadOnlyList<FakeFieldError> errors)
    {
        var details = new JsonObject
        {
            ["group"] = "meta.k8s.io",
            ["kind"] = "ListOptions",
            ["causes"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["reason"] = e.Reason, ["message"] = e.Body, ["field"] = e.Field })]),
        };
        var list = errors.Count == 1 ? errors[0].ToString() : $"[{string.Join(", ", errors)}]";
        return new(422, "Invalid", $"ListOptions.meta.k8s.io \"\" is invalid: {list}", details);
    }

    public static FakeKubeStatus BadRequest(string message) => new(400, "BadRequest", message);

    public static FakeKubeStatus Gone(string message) => new(410, "Expired", message);
}
