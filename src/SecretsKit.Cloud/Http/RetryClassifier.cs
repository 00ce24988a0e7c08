using System.Net;
using System.Text.Json;
using Polly.Timeout;

namespace SecretsKit.Cloud.Http;

/// <summary>Decides which outcomes of an HTTP attempt are transient, and reads <c>Retry-After</c>.</summary>
internal static class RetryClassifier
{
    private static readonly string[] ThrottlingTypes =
    [
        "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded",
        "ProvisionedThroughputExceededException", "ThrottledException",
    ];

    /// <summary>Connection failures and attempt timeouts; never TLS trust failures or a refused address, which no retry can fix.</summary>
    public static bool IsTransientException(Exception? exception) =>
        exception is TimeoutRejectedException ||
        (exception is HttpRequestException { InnerException: not (System.Security.Authentication.AuthenticationException or TenantHostRefusedException) } http
         && http is not TenantHostRefusedException && http.HttpRequestError != HttpRequestError.SecureConnectionError);

    /// <summary>5xx, 408, 429 and AWS throttling errors (which arrive as 400 with a <c>__type</c>). Auth errors never.</summary>
    public static async ValueTask<bool> IsTransientResponseAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout) return true;
        if (response.StatusCode != HttpStatusCode.BadRequest) return false;
        var type = await ReadAwsErrorTypeAsync(response);
        return IsThrottlingType(type);
    }

    /// <summary>Whether an AWS error type (without namespace) means "rate exceeded".</summary>
    public static bool IsThrottlingType(string? type) => type is not null && ThrottlingTypes.Contains(type, StringComparer.Ordinal);

    /// <summary>The AWS JSON error type (<c>__type</c>, without any <c>namespace#</c> prefix), or null.</summary>
    public static async ValueTask<string?> ReadAwsErrorTypeAsync(HttpResponseMessage response)
    {
        var header = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        if (!string.IsNullOrEmpty(header)) return StripType(header);
        if (response.Content.Headers.ContentType?.MediaType is not { } media || !media.Contains("json", StringComparison.Ordinal)) return null;
        await response.Content.LoadIntoBufferAsync();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return doc.RootElement.ValueKind == JsonValueKind.Object &&
                   doc.RootElement.TryGetProperty("__type", out var t) && t.ValueKind == JsonValueKind.String
                ? StripType(t.GetString()!)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string StripType(string type)
    {
        var colon = type.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0) type = type[..colon];
        var hash = type.LastIndexOf('#');
        return hash >= 0 ? type[(hash + 1)..] : type;
    }

    /// <summary>The server's requested delay (<c>Retry-After</c> seconds or date), if any.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header is null) return null;
        if (header.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }
}
