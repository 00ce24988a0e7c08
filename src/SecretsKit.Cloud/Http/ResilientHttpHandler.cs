using Polly;
using Polly.Retry;
using Polly.Timeout;
using System.Globalization;

namespace SecretsKit.Cloud.Http;

/// <summary>
/// Retries transient failures (5xx, 429, AWS throttling, connection errors, attempt timeouts) with jittered
/// exponential backoff, honouring <c>Retry-After</c>; never retries 4xx auth errors. Each attempt has its own
/// timeout; the caller's <see cref="CancellationToken"/> stops everything. Request content must be re-readable
/// (the clients use byte-array content). Handlers below this one (signing) run again on every attempt.
/// </summary>
public sealed class ResilientHttpHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public ResilientHttpHandler(CloudRetryOptions options, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _pipeline = Build(options);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        var response = await state.self.SendOnceAsync(state.request, ctx.CancellationToken);
                        return Outcome.FromResult(response);
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (self: this, request));
            if (outcome.Exception is TimeoutRejectedException timeout)
            {
                throw new HttpRequestException(
                    $"{request.Method} {request.RequestUri?.GetLeftPart(UriPartial.Path)} timed out after {timeout.Timeout.TotalSeconds:0.###}s", timeout);
            }
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("secretskit.request");

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private static ResiliencePipeline<HttpResponseMessage> Build(CloudRetryOptions options)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = options.TimeProvider };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = async args =>
                {
                    if (args.Outcome.Exception is { } ex) return RetryClassifier.IsTransientException(ex);
                    if (args.Outcome.Result is not { } r) return false;
                    // A Retry-After longer than we are willing to wait: give up now (the caller sees the 429/503).
                    if (RetryClassifier.RetryAfter(r, options.TimeProvider) > options.MaxRetryAfter) return false;
                    return await RetryClassifier.IsTransientResponseAsync(r);
                },
                DelayGenerator = args =>
                    ValueTask.FromResult(args.Outcome.Result is { } r ? RetryClassifier.RetryAfter(r, options.TimeProvider) : null),
                OnRetry = args =>
                {
                    var request = args.Context.Properties.GetValue(RequestKey, null!);
                    options.OnRetry?.Invoke(new CloudRetryEvent(
                        request?.RequestUri?.Host ?? "",
                        args.AttemptNumber + 1,
                        args.Outcome.Result is { } r ? (int)r.StatusCode : null,
                        args.Outcome.Exception?.GetType().Name ?? ((int)args.Outcome.Result!.StatusCode).ToString(CultureInfo.InvariantCulture),
                        args.RetryDelay));
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }
        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout });
        return builder.Build();
    }
}
