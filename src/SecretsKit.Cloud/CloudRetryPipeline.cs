using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace SecretsKit.Cloud;

/// <summary>
/// The retry policy of the hand-written REST clients (GCP KMS, STS): per-attempt timeout, jittered exponential
/// backoff on 5xx, 429 and transport errors, a server's <c>Retry-After</c> honoured, never a retry on other 4xx.
/// </summary>
internal static class CloudRetryPipeline
{
    public static ResiliencePipeline<HttpResponseMessage> Create(CloudKeyOptions options, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time, options.RetryMaxDelay)),
            });
        }
        builder.AddTimeout(options.RequestTimeout);
        return builder.Build();
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken) =>
        outcome.Exception switch
        {
            HttpRequestException => true,
            TimeoutRejectedException => true,
            OperationCanceledException => !cancellationToken.IsCancellationRequested,
            null => IsTransient(outcome.Result!.StatusCode),
            _ => false,
        };

    public static bool IsTransient(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests || status == HttpStatusCode.RequestTimeout || (int)status >= 500;

    /// <summary>The server's Retry-After (delta seconds or HTTP date), capped; null means "use the backoff".</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time, TimeSpan max)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? delay = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => null,
        };
        if (delay is null)
        {
            return null;
        }
        return delay.Value < TimeSpan.Zero ? TimeSpan.Zero : delay.Value > max ? max : delay.Value;
    }
}
