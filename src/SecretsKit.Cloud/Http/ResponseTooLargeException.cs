using System.Globalization;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Http;

/// <summary>
/// A response body past its budget (<see cref="TenantHttp"/>): announced larger by its <c>Content-Length</c>, or read up to
/// the budget and still going. Reading stopped there; the connection is closed, never drained.
/// </summary>
public sealed class ResponseTooLargeException(string host, long limit)
    : SecretsKitException(ExitCodes.Generic, $"{host} answered more than {Size(limit)}; the agent stopped reading there")
{
    /// <summary>The budget, in bytes.</summary>
    public long Limit { get; } = limit;

    /// <summary>The budget as people write it: <c>1 MiB</c>, <c>64 KiB</c>, <c>1000 bytes</c>.</summary>
    public string LimitText => Size(Limit);

    internal static string Size(long bytes) => bytes switch
    {
        >= 1 << 20 when bytes % (1 << 20) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20} MiB"),
        >= 1 << 10 when bytes % (1 << 10) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 10} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
