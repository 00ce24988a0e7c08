using System.Net;
using System.Text.RegularExpressions;
using SecretsKit.Core.Errors;

namespace SecretsKit.Kubernetes.Errors;

/// <summary>
/// A failed Kubernetes API request: HTTP status, the server's <see cref="KubeStatus"/>, and what was attempted.
/// Subclasses name the cases callers branch on (404, 409, 410, 422, 429). The message never carries a request
/// body, and "Invalid value" echoes from the server are redacted, so Secret data cannot leak into logs.
/// </summary>
public partial class KubernetesApiException : SecretsKitException
{
    public KubernetesApiException(HttpStatusCode statusCode, string operation, KubeStatus? status, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(ExitCodes.Generic, Format(statusCode, operation, status), HintFor(statusCode), inner)
    {
        StatusCode = statusCode;
        Operation = operation;
        Status = status;
        RetryAfter = retryAfter;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>What was attempted, e.g. <c>get secrets default/db</c>.</summary>
    public string Operation { get; }

    /// <summary>The parsed Status body, when the server sent one.</summary>
    public KubeStatus? Status { get; }

    /// <summary>The machine-readable reason (<c>NotFound</c>, <c>AlreadyExists</c>, <c>Conflict</c>, <c>Expired</c>, <c>Invalid</c>…).</summary>
    public string? Reason => Status?.Reason;

    /// <summary>How long the server asked us to wait (Retry-After header or details.retryAfterSeconds).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Builds the most specific exception for a status code and Status body.</summary>
    public static KubernetesApiException Create(HttpStatusCode code, string operation, KubeStatus? status, TimeSpan? retryAfter = null)
    {
        retryAfter ??= status?.Details?.RetryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null;
        return (int)code switch
        {
            404 => new KubernetesNotFoundException(operation, status),
            409 when status?.Reason == "AlreadyExists" => new KubernetesAlreadyExistsException(operation, status),
            409 => new KubernetesConflictException(operation, status),
            410 => new KubernetesGoneException(operation, status),
            422 => new KubernetesInvalidException(operation, status),
            429 => new KubernetesTooManyRequestsException(operation, status, retryAfter),
            _ => new KubernetesApiException(code, operation, status, retryAfter),
        };
    }

    [GeneratedRegex("Invalid value: (\"(?:[^\"\\\\]|\\\\.)*\"|[^:,]*)")]
    private static partial Regex InvalidValue();

    /// <summary>Removes values the server echoes back ("Invalid value: …"): for a Secret they are secret data.</summary>
    internal static string Redact(string message) => InvalidValue().Replace(message, "Invalid value: [redacted]");

    private static string Format(HttpStatusCode code, string operation, KubeStatus? status)
    {
        var reason = status?.Reason ?? code.ToString();
        var message = status?.Message is { Length: > 0 } m ? ": " + Redact(m.Length > 500 ? m[..500] + "…" : m) : "";
        return $"Kubernetes API {operation} failed with {(int)code} {reason}{message}";
    }

    private static string? HintFor(HttpStatusCode code) => (int)code switch
    {
        401 => "the credentials were rejected: check the kubeconfig user, token file or exec plugin",
        403 => "the service account lacks RBAC permission for this verb and resource",
        409 => "re-read the object and retry with its current resourceVersion",
        410 => "the resourceVersion is too old: list again and watch from the new resourceVersion",
        429 => "the API server is throttling; retry after the indicated delay",
        _ => null,
    };
}
