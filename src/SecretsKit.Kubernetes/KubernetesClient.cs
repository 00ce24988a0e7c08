using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Kubernetes.Auth;
using SecretsKit.Kubernetes.Config;
using SecretsKit.Kubernetes.Errors;
using SecretsKit.Kubernetes.Http;

namespace SecretsKit.Kubernetes;

/// <summary>
/// A small typed Kubernetes API client over <see cref="HttpClient"/>. Resources are <see cref="JsonObject"/>s
/// (see <see cref="KubeObjectMetadata"/> for metadata helpers); failures are <see cref="KubernetesApiException"/>s.
/// For namespaced types a null namespace means the configured default namespace, except for list and watch,
/// where it means all namespaces.
/// </summary>
public sealed partial class KubernetesClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly KubernetesClientConfiguration _config;
    private readonly KubeCredentialSource? _credentials;
    // the client certificate an exec credential plugin returned last (read by the TLS handshake of new connections)
    private X509Certificate2? _pluginClientCertificate;
    private readonly Lazy<TokenBucket?> _bucket;
    private long _throttledRetries;

    /// <summary>When no Retry-After came with a 429, wait this long before sending again.</summary>
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>A server asking for a longer wait than this gets this (the request is still retried, not failed).</summary>
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(1);

    /// <summary>Creates a client; a custom <paramref name="handler"/> replaces the TLS setup derived from the configuration.</summary>
    public KubernetesClient(KubernetesClientConfiguration config, HttpMessageHandler? handler = null)
    {
        _config = config;
        _credentials = config.Credentials;
#pragma warning disable CA2000 // the handler is owned by _http, which Dispose disposes
        handler ??= KubeHttpHandlerFactory.Create(config, () => Volatile.Read(ref _pluginClientCertificate) ?? config.ClientCertificate);
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
        var baseUri = config.Server.ToString();
        _http.BaseAddress = new Uri(baseUri.EndsWith('/') ? baseUri : baseUri + "/");
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("secretskit", "0.1"));
        _bucket = new Lazy<TokenBucket?>(() => RateLimit is { Qps: > 0 } limit ? new TokenBucket(limit.Qps, limit.Burst, Time) : null);
    }

    public KubernetesClientConfiguration Configuration => _config;

    /// <summary>
    /// Client-side rate limit of every request, like client-go's QPS and burst (null = none, the default for a library
    /// client; the agent sets <c>--client-qps</c>/<c>--client-burst</c>).
    /// </summary>
    public ClientRateLimit? RateLimit { get; init; }

    /// <summary>How often a request answered 429 is sent again after the server's Retry-After (client-go: 10).</summary>
    public int MaxThrottleRetries { get; init; } = 10;

    /// <summary>The clock for rate limiting and Retry-After waits.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Requests answered 429 and sent again (for metrics and tests).</summary>
    public long ThrottledRetries => Interlocked.Read(ref _throttledRetries);

    public string DefaultNamespace => _config.Namespace;

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// Adds <c>(instance)</c> to the User-Agent, so the API server's audit log tells replicas apart; only letters, digits,
    /// '.', '-' and '_' of <paramref name="instance"/> are kept. Call before other requests are in flight.
    /// </summary>
    /// <summary>
    /// A second client to the same server with the same credentials but a rate limit of its own, for traffic that must not
    /// wait behind this client's (client-go's leader election gets its own client for the same reason): Lease rounds
    /// queued behind a takeover's writes arrived after their renew deadline. A custom message handler is not carried over.
    /// </summary>
    public KubernetesClient WithOwnRateLimit()
    {
        var twin = new KubernetesClient(_config)
        {
            RateLimit = RateLimit,
            MaxThrottleRetries = MaxThrottleRetries,
            Time = Time,
        };
        foreach (var product in _http.DefaultRequestHeaders.UserAgent.Skip(1)) twin._http.DefaultRequestHeaders.UserAgent.Add(product);
        return twin;
    }

    public void IdentifyAs(string instance)
    {
        var kept = new string([.. instance.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_').Take(128)]);
        if (kept.Length > 0) _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue($"({kept})"));
    }

    private string? Ns(ResourceType type, string? ns) => type.Namespaced ? ns ?? _config.Namespace : null;

    private static string Describe(string verb, ResourceType type, string? ns, string? name) =>
        $"{verb} {type}{(ns is null && name is null ? "" : " ")}{(ns is null ? "" : ns + "/")}{name}";

    public Task<JsonObject> GetAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken = default)
    {
        ns = Ns(type, ns);
        return SendJsonAsync(HttpMethod.Get, type.ItemPath(ns, name), null, null, Describe("get", type, ns, name), cancellationToken);
    }

    /// <summary>Like <see cref="GetAsync"/>, but null when the object does not exist.</summary>
    public async Task<JsonObject?> TryGetAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetAsync(type, ns, name, cancellationToken);
        }
        catch (KubernetesNotFoundException)
        {
            return null;
        }
    }

    /// <summary>One page of a list (all namespaces when <paramref name="ns"/> is null).</summary>
    public async Task<KubeList> ListAsync(ResourceType type, string? ns, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ListOptions();
        var query = new QueryBuilder()
            .Add("labelSelector", options.LabelSelector)
            .Add("fieldSelector", options.FieldSelector)
            .Add("limit", options.Limit > 0 ? options.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) : null)
            .Add("continue", options.Continue)
            .Add("resourceVersion", options.ResourceVersion);
        var ns2 = type.Namespaced ? ns : null;
        var list = await SendJsonAsync(HttpMethod.Get, type.CollectionPath(ns2) + query, null, null, Describe("list", type, ns2, null), cancellationToken,
            options.MetadataOnly ? MetadataListAccept : null);
        var items = new List<JsonObject>();
        if (list["items"] is JsonArray array)
        {
            items.AddRange(array.OfType<JsonObject>());
            array.Clear();
        }
        foreach (var item in items)
        {
            // the API server omits apiVersion/kind on items of built-in lists (metadata-only items carry their own)
            item["apiVersion"] ??= type.ApiVersion;
            item["kind"] ??= type.Kind;
        }
        var meta = list["metadata"] as JsonObject;
        long? remaining = meta?["remainingItemCount"] is JsonValue rv && rv.GetValueKind() == JsonValueKind.Number
            ? long.Parse(rv.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : null;
        var cont = meta?["continue"]?.GetValue<string>();
        return new KubeList(items, meta?["resourceVersion"]?.GetValue<string>() ?? "", string.IsNullOrEmpty(cont) ? null : cont, remaining);
    }

    /// <summary>Every item, following continue tokens page by page (<see cref="ListOptions.Limit"/> is the page size).</summary>
    public async IAsyncEnumerable<JsonObject> ListAllAsync(ResourceType type, string? ns, ListOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new ListOptions();
        string? token = null;
        do
        {
            var page = await ListAsync(type, ns, options with { Continue = token }, cancellationToken);
            foreach (var item in page.Items) yield return item;
            token = page.Continue;
        }
        while (token is not null);
    }

    /// <summary>POST: creates the object (409 <see cref="KubernetesAlreadyExistsException"/> if the name is taken).</summary>
    public Task<JsonObject> CreateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken = default)
    {
        var ns = Ns(type, obj.GetNamespace());
        PrepareBody(type, obj, ns);
        return SendJsonAsync(HttpMethod.Post, type.CollectionPath(ns), obj, "application/json", Describe("create", type, ns, obj.GetName()), cancellationToken);
    }

    /// <summary>PUT: replaces the object; with metadata.resourceVersion set, a stale version is a 409 <see cref="KubernetesConflictException"/>.</summary>
    public Task<JsonObject> ReplaceAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken = default)
    {
        var (ns, name) = Identity(type, obj);
        PrepareBody(type, obj, ns);
        return SendJsonAsync(HttpMethod.Put, type.ItemPath(ns, name), obj, "application/json", Describe("replace", type, ns, name), cancellationToken);
    }

    /// <summary>PATCH with a merge (default), JSON or strategic-merge patch.</summary>
    public Task<JsonObject> PatchAsync(ResourceType type, string? ns, string name, JsonNode patch, PatchType patchType = PatchType.Merge,
        CancellationToken cancellationToken = default)
    {
        ns = Ns(type, ns);
        return SendJsonAsync(HttpMethod.Patch, type.ItemPath(ns, name), patch, MediaType(patchType), Describe("patch", type, ns, name), cancellationToken);
    }

    /// <summary>Server-side apply (<c>application/apply-patch+yaml</c>, JSON being YAML) as <paramref name="fieldManager"/>.</summary>
    public Task<JsonObject> ApplyAsync(ResourceType type, JsonObject obj, string fieldManager, bool force = false, CancellationToken cancellationToken = default)
    {
        var (ns, name) = Identity(type, obj);
        PrepareBody(type, obj, ns);
        var query = new QueryBuilder().Add("fieldManager", fieldManager).Add("force", force ? "true" : null);
        return SendJsonAsync(HttpMethod.Patch, type.ItemPath(ns, name) + query, obj, "application/apply-patch+yaml", Describe("apply", type, ns, name), cancellationToken);
    }

    /// <summary>DELETE. Returns what the server answered: the object (with deletionTimestamp while finalizers remain) or a Status.</summary>
    public Task<JsonObject> DeleteAsync(ResourceType type, string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ns = Ns(type, ns);
        JsonObject? body = null;
        if (options is not null)
        {
            body = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1" };
            if (options.PropagationPolicy is { } p) body["propagationPolicy"] = p;
            if (options.GracePeriodSeconds is { } g) body["gracePeriodSeconds"] = g;
            if (options.PreconditionUid is not null || options.PreconditionResourceVersion is not null)
            {
                var pre = new JsonObject();
                if (options.PreconditionUid is { } uid) pre["uid"] = uid;
                if (options.PreconditionResourceVersion is { } rv) pre["resourceVersion"] = rv;
                body["preconditions"] = pre;
            }
        }
        return SendJsonAsync(HttpMethod.Delete, type.ItemPath(ns, name), body, body is null ? null : "application/json", Describe("delete", type, ns, name), cancellationToken);
    }

    public Task<JsonObject> GetStatusAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken = default)
    {
        ns = Ns(type, ns);
        return SendJsonAsync(HttpMethod.Get, type.ItemPath(ns, name, "status"), null, null, Describe("get status of", type, ns, name), cancellationToken);
    }

    /// <summary>PUT to <c>/status</c>: only the status stanza is taken; resourceVersion concurrency applies.</summary>
    public Task<JsonObject> ReplaceStatusAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken = default)
    {
        var (ns, name) = Identity(type, obj);
        PrepareBody(type, obj, ns);
        return SendJsonAsync(HttpMethod.Put, type.ItemPath(ns, name, "status"), obj, "application/json", Describe("replace status of", type, ns, name), cancellationToken);
    }

    public Task<JsonObject> PatchStatusAsync(ResourceType type, string? ns, string name, JsonNode patch, PatchType patchType = PatchType.Merge,
        CancellationToken cancellationToken = default)
    {
        ns = Ns(type, ns);
        return SendJsonAsync(HttpMethod.Patch, type.ItemPath(ns, name, "status"), patch, MediaType(patchType), Describe("patch status of", type, ns, name), cancellationToken);
    }

    private (string? Ns, string Name) Identity(ResourceType type, JsonObject obj) =>
        (Ns(type, obj.GetNamespace()), obj.GetName() ?? throw new ArgumentException($"the {type.Kind} has no metadata.name", nameof(obj)));

    private static void PrepareBody(ResourceType type, JsonObject obj, string? ns)
    {
        obj["apiVersion"] ??= type.ApiVersion;
        obj["kind"] ??= type.Kind;
        if (ns is not null) obj.SetNamespace(ns);
    }

    private static string MediaType(PatchType patchType) => patchType switch
    {
        PatchType.Json => "application/json-patch+json",
        PatchType.StrategicMerge => "application/strategic-merge-patch+json",
        _ => "application/merge-patch+json",
    };

    private const string MetadataListAccept = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1, application/json";

    internal const string MetadataAccept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1, application/json";

    private async Task<JsonObject> SendJsonAsync(HttpMethod method, string pathAndQuery, JsonNode? body, string? mediaType, string operation,
        CancellationToken cancellationToken, string? accept = null)
    {
        var payload = body?.ToJsonString();
        for (var attempt = 0; ; attempt++)
        {
            var (code, text, retryAfter) = await SendOnceAsync(method, pathAndQuery, payload, mediaType, operation, accept, cancellationToken);
            if (code == HttpStatusCode.TooManyRequests && attempt < MaxThrottleRetries)
            {
                // client-go's behaviour: honour the server's Retry-After, then send the same request again
                Interlocked.Increment(ref _throttledRetries);
                var wait = retryAfter is { } ra && ra > TimeSpan.Zero ? (ra > MaxRetryAfter ? MaxRetryAfter : ra) : DefaultRetryAfter;
                await Task.Delay(wait, Time, cancellationToken);
                continue;
            }
            if ((int)code is < 200 or > 299) throw Failure(code, text, operation, retryAfter);
            // an object nested too deep comes back as a stub that says so (KubeJsonReader), never fails its list
            return KubeJsonReader.ReadObject(text)
                ?? throw new KubernetesApiException(code, operation, new KubeStatus((int)code, "InvalidResponse", "the response body is not a JSON object", null), null);
        }
    }

    /// <summary>One attempt within <see cref="KubernetesClientConfiguration.RequestTimeout"/>: status, body and Retry-After.</summary>
    private async Task<(HttpStatusCode Code, string Text, TimeSpan? RetryAfter)> SendOnceAsync(HttpMethod method, string pathAndQuery, string? body,
        string? mediaType, string operation, string? accept, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_config.RequestTimeout);
        try
        {
            using var response = await SendRawAsync(method, pathAndQuery, body, mediaType, HttpCompletionOption.ResponseContentRead, timeout.Token, accept);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            return (response.StatusCode, text, RetryAfter(response));
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Kubernetes API {operation} timed out after {_config.RequestTimeout.TotalSeconds:0.#}s", e);
        }
    }

    internal static KubernetesApiException Failure(HttpStatusCode code, string text, string operation, TimeSpan? retryAfter)
    {
        KubeStatus? status = null;
        try
        {
            status = KubeStatus.FromJson(JsonNode.Parse(text));
        }
        catch (JsonException)
        {
            // not a Status body (a proxy's HTML error page, say); the HTTP code still tells the kind
        }
        return KubernetesApiException.Create(code, operation, status, retryAfter);
    }

    /// <summary>The response's Retry-After as a wait: seconds as given, or an HTTP date relative to <see cref="Time"/>.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter is { } ra
            ? ra.Delta ?? (ra.Date is { } d ? d - Time.GetUtcNow() : null)
            : null;

    /// <summary>
    /// Sends with credentials; after a 401 the credential source is invalidated and the request retried once.
    /// <paramref name="completion"/>: <see cref="HttpCompletionOption.ResponseHeadersRead"/> for a watch stream, else the
    /// whole body is read before returning.
    /// </summary>
    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string pathAndQuery, string? body, string? mediaType,
        HttpCompletionOption completion, CancellationToken cancellationToken, string? accept = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (_bucket.Value is { } bucket) await bucket.AcquireAsync(cancellationToken);
            using var request = new HttpRequestMessage(method, pathAndQuery.TrimStart('/'));
            request.Headers.TryAddWithoutValidation("Accept", accept ?? "application/json");
            if (body is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType ?? "application/json");
            }
            if (_credentials is not null)
            {
                var credential = await _credentials.GetAsync(cancellationToken);
                // Only a changed certificate is published; connections opened from then on present it (pooled ones keep theirs).
                if (credential.ClientCertificate is { } certificate && !ReferenceEquals(Volatile.Read(ref _pluginClientCertificate), certificate))
                {
                    Volatile.Write(ref _pluginClientCertificate, certificate);
                }
                if (credential.BearerToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.BearerToken);
            }
            var response = await _http.SendAsync(request, completion, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0 && _credentials is not null)
            {
                response.Dispose();
                _credentials.Invalidate();
                continue;
            }
            return response;
        }
    }
}
