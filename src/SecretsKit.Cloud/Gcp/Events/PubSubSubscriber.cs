using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Gcp.Http;
using SecretsKit.Cloud.Gcp.ResourceManager;
using SecretsKit.Cloud.Gcp.Stores;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Cloud.Gcp.Events;

/// <summary>
/// The part of Pub/Sub's REST API a subscriber uses: <c>POST v1/{subscription}:pull</c> (waits for a message unless the
/// server's deadline passes) and <c>POST v1/{subscription}:acknowledge</c> and <c>:modifyAckDeadline</c>, with a gcpsm store's own bearer tokens. The
/// endpoint is <c>https://pubsub.&lt;universe domain&gt;/</c> unless the agent's <c>pubsub</c> endpoint override says otherwise.
/// </summary>
public sealed partial class PubSubSubscriber : IDisposable
{
    /// <summary>The endpoint override key in <see cref="ProviderContext.Endpoints"/>.</summary>
    public const string EndpointKey = "pubsub";

    private readonly HttpClient _http;
    private readonly GcpTokenSource _tokens;
    private readonly Uri _endpoint;
    private readonly string _subscription;

    private PubSubSubscriber(HttpClient http, GcpTokenSource tokens, Uri endpoint, string subscription, Uri projectsEndpoint)
    {
        (_http, _tokens, _endpoint, _subscription) = (http, tokens, endpoint, subscription);
        Projects = new GcpProjectNumbers(http, tokens, projectsEndpoint);
    }

    /// <summary>Whether <paramref name="subscription"/> is a subscription's resource name, <c>projects/P/subscriptions/S</c>.</summary>
    public static bool IsSubscriptionName(string subscription) => SubscriptionName().IsMatch(subscription);

    /// <summary>A subscriber of <paramref name="subscription"/> with the credentials of the gcpsm store <paramref name="spec"/>.</summary>
    public static async Task<PubSubSubscriber> ForStoreAsync(ProviderSpec spec, string subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!IsSubscriptionName(subscription)) throw new ArgumentException("not a subscription name (projects/P/subscriptions/S)", nameof(subscription));
#pragma warning disable CA2000 // owned by the returned subscriber, disposed here when it cannot be made
        var http = GcpHttp.Create(spec.Context.Retry);
#pragma warning restore CA2000
        try
        {
            var tokens = await GcpStoreAuth.TokensAsync(spec, http, cancellationToken);
            var endpoint = spec.Context.Endpoints.GetValueOrDefault(EndpointKey) ?? new Uri($"https://pubsub.{spec.Context.Setting<GcpEndpoints>().UniverseDomain}/");
            var projects = spec.Context.Endpoints.GetValueOrDefault(GcpProjectNumbers.EndpointKey)
                ?? new Uri($"https://cloudresourcemanager.{spec.Context.Setting<GcpEndpoints>().UniverseDomain}/");
            return new PubSubSubscriber(http, tokens, endpoint, subscription, projects);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Pulls up to <paramref name="maxMessages"/> messages: an empty list when none came before the server's deadline or
    /// before <paramref name="wait"/> passed (Pub/Sub's pull has no wait of its own, so the request is ended here, keeping
    /// a quiet subscription inside one HTTP attempt; a message the server sent as it was ended comes again after the
    /// subscription's ack deadline).
    /// </summary>
    public async Task<IReadOnlyList<PubSubReceivedMessage>> PullAsync(int maxMessages, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var pull = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        pull.CancelAfter(wait);
        try
        {
            var reply = await PostAsync("pull", new PubSubPullRequest(maxMessages), PubSubJsonContext.Default.PubSubPullRequest,
                PubSubJsonContext.Default.PubSubPullResponse, pull.Token);
            return reply?.ReceivedMessages ?? [];
        }
        catch (OperationCanceledException) when (pull.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return [];
        }
    }

    public async Task AcknowledgeAsync(IReadOnlyList<string> ackIds, CancellationToken cancellationToken) =>
        await PostAsync("acknowledge", new PubSubAcknowledgeRequest(ackIds), PubSubJsonContext.Default.PubSubAcknowledgeRequest,
            PubSubJsonContext.Default.PubSubEmpty, cancellationToken);

    /// <summary>Sets the ack deadline of delivered messages to <paramref name="seconds"/> from now (0: deliverable again at once).</summary>
    public async Task ModifyAckDeadlineAsync(IReadOnlyList<string> ackIds, int seconds, CancellationToken cancellationToken) =>
        await PostAsync("modifyAckDeadline", new PubSubModifyAckDeadlineRequest(ackIds, seconds), PubSubJsonContext.Default.PubSubModifyAckDeadlineRequest,
            PubSubJsonContext.Default.PubSubEmpty, cancellationToken);

    /// <summary>A pull's reply holds at most 10 messages of Secret Manager's small notifications; more is refused.</summary>
    private const int MaxReplyBytes = 32 << 20;

    private Task<TResponse?> PostAsync<TRequest, TResponse>(string verb, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType,
        CancellationToken ct) where TResponse : class =>
        GcpRestCall.SendAsync(_http, _tokens, HttpMethod.Post, new Uri(_endpoint, $"v1/{_subscription}:{verb}"), GcpRestCall.Json(body, requestType), responseType,
            $"pubsub {verb} on {_subscription}", MaxReplyBytes, ct);

    /// <summary>Resource Manager's project lookup with the same credentials (the project number events may name).</summary>
    public GcpProjectNumbers Projects { get; }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("^projects/[a-z][a-z0-9-]{4,28}[a-z0-9]/subscriptions/[A-Za-z][A-Za-z0-9._~%+-]{2,254}$", RegexOptions.CultureInvariant)]
    private static partial Regex SubscriptionName();
}
