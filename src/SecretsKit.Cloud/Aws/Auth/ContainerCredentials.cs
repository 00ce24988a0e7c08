using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Aws.Auth;

/// <summary>
/// The SDK's container credential provider (ECS task roles, EKS Pod Identity): <c>GET http://169.254.170.2</c> +
/// <c>AWS_CONTAINER_CREDENTIALS_RELATIVE_URI</c>, else <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c> (https to any host; http
/// only to a loopback address, 169.254.170.2, 169.254.170.23 or fd00:ec2::23, checked on every address the host resolves
/// to, when connecting), with the <c>Authorization</c> header read from <c>AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE</c> at
/// each fetch (EKS rotates it), else <c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c>. The JSON answer (at most 64 KiB) is kept
/// until five minutes before its <c>Expiration</c>; no redirect is followed. Failures are one line naming the endpoint,
/// never the token.
/// </summary>
internal sealed class ContainerCredentials : AWSCredentials
{
    public const string RelativeUriVariable = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
    public const string FullUriVariable = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    public const string TokenFileVariable = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
    public const string TokenVariable = "AWS_CONTAINER_AUTHORIZATION_TOKEN";

    /// <summary>ECS's credentials host, the root of a relative URI.</summary>
    public static readonly Uri EcsHost = new("http://169.254.170.2/");

    private const string Provider = "aws-container-credentials";
    private const int MaxResponseBytes = 64 * 1024;
    private static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);
    private static readonly IPAddress[] HttpHosts = [IPAddress.Parse("169.254.170.2"), IPAddress.Parse("169.254.170.23"), IPAddress.Parse("fd00:ec2::23")];

    private readonly Uri _endpoint;
    private readonly Func<CancellationToken, Task<(string Variable, string Token)?>> _authorization;
    private readonly CloudRetryOptions _retry;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private Task<(ImmutableCredentials Credentials, DateTimeOffset? Expiration)>? _current;

    private ContainerCredentials(Uri endpoint, Func<CancellationToken, Task<(string Variable, string Token)?>> authorization, CloudRetryOptions retry, TimeProvider time) =>
        (_endpoint, _authorization, _retry, _time) = (endpoint, authorization, retry, time);

    /// <summary>Where the credentials are fetched (for messages and tests).</summary>
    public Uri Endpoint => _endpoint;

    /// <summary>
    /// The provider the environment configures, or null when it names no container endpoint. A relative URI wins over a
    /// full one, as in the SDK. <paramref name="ecsHost"/> replaces 169.254.170.2 (tests only).
    /// </summary>
    public static ContainerCredentials? FromEnvironment(IEnvironment environment, CloudRetryOptions? retry = null, TimeProvider? time = null, Uri? ecsHost = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Get(string name) => environment.Get(name) is { Length: > 0 } v ? v : null;
        Uri endpoint;
        if (Get(RelativeUriVariable) is { } relative)
        {
            var root = ecsHost ?? EcsHost;
            if (relative[0] != '/' || relative.StartsWith("//", StringComparison.Ordinal) || relative.Any(c => char.IsControl(c) || c is '\\' or ' ')
                || !Uri.TryCreate(root.GetLeftPart(UriPartial.Authority) + relative, UriKind.Absolute, out var u) || u.Authority != root.Authority)
            {
                throw new StoreConfigException($"{RelativeUriVariable} must be a path on {root.Authority} (starting with one '/')");
            }
            endpoint = u;
        }
        else if (Get(FullUriVariable) is { } full)
        {
            if (!Uri.TryCreate(full, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https") || u.UserInfo.Length > 0)
            {
                throw new StoreConfigException($"{FullUriVariable} is not an http or https URL without user information");
            }
            if (u.Scheme == "http" && u.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && !HttpAllowed(IPAddress.Parse(u.IdnHost.Trim('[', ']'))))
            {
                throw new StoreConfigException(NotAllowed(u.IdnHost));
            }
            endpoint = u;
        }
        else
        {
            return null;
        }
        Func<CancellationToken, Task<(string Variable, string Token)?>> authorization = Get(TokenFileVariable) is { } file
            ? async ct => (TokenFileVariable, await AwsTokenFile.ReadAsync(file, TokenFileVariable, ct).ConfigureAwait(false))
            : Get(TokenVariable) is { } token ? _ => Task.FromResult<(string, string)?>((TokenVariable, token)) : _ => Task.FromResult<(string, string)?>(null);
        return new ContainerCredentials(endpoint, authorization, retry ?? CloudRetryOptions.Default, time ?? TimeProvider.System);
    }

    public override ImmutableCredentials GetCredentials() => GetCredentialsAsync().GetAwaiter().GetResult();

    /// <summary>The cached credentials, or a fresh fetch (shared by concurrent callers) when none are kept or they expire within five minutes.</summary>
    public override async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        Task<(ImmutableCredentials Credentials, DateTimeOffset? Expiration)> fetch;
        lock (_gate)
        {
            if (_current is not { } current || (current.IsCompleted && (!current.IsCompletedSuccessfully || Stale(current.Result.Expiration))))
            {
                _current = FetchAsync(CancellationToken.None);
            }
            fetch = _current;
        }
        return (await fetch.ConfigureAwait(false)).Credentials;
    }

    private bool Stale(DateTimeOffset? expiration) => expiration is { } e && e - RefreshBefore <= _time.GetUtcNow();

    private string Where => _endpoint.GetLeftPart(UriPartial.Path);

    private async Task<(ImmutableCredentials, DateTimeOffset?)> FetchAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _endpoint);
        request.Headers.Accept.ParseAdd("application/json");
        if (await _authorization(ct).ConfigureAwait(false) is { } auth)
        {
            if (auth.Token.Any(c => c < ' ' || c == '\u007f')) throw new StoreConfigException($"{auth.Variable} holds control characters, so it cannot be sent as the Authorization header");
            request.Headers.TryAddWithoutValidation("Authorization", auth.Token);
        }
        using var http = CreateClient();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new AwsServiceException(Provider, $"GET {Where}", 0, null, e.InnerException is StoreConfigException refused ? refused.Message : "no response: " + e.Message, e);
        }
        using (response)
        {
            var body = await ReadBoundedAsync(response, ct).ConfigureAwait(false);
            var json = Parse(body);
            string? Field(string name) => json?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (!response.IsSuccessStatusCode)
            {
                throw new AwsServiceException(Provider, $"GET {Where}", (int)response.StatusCode, Field("code") is { } code ? Echo.Bounded(code) : null,
                    Field("message") is { } message ? Echo.Bounded(message) : null);
            }
            if (Field("AccessKeyId") is not { Length: > 0 } id || Field("SecretAccessKey") is not { Length: > 0 } secret)
            {
                throw new AwsServiceException(Provider, $"GET {Where}", (int)response.StatusCode, null, json is null ? "the answer is not JSON" : "the answer holds no credentials");
            }
            DateTimeOffset? expiration = null;
            if (Field("Expiration") is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var e))
                {
                    throw new AwsServiceException(Provider, $"GET {Where}", (int)response.StatusCode, null, "the answer's Expiration is not a date");
                }
                expiration = e;
            }
            return (new ImmutableCredentials(id, secret, Field("Token") ?? ""), expiration);
        }
    }

    private async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > MaxResponseBytes) throw TooLarge();
        return await BoundedBody.ReadAsync(response, MaxResponseBytes, TooLarge, ct).ConfigureAwait(false);
        AwsServiceException TooLarge() => new(Provider, $"GET {Where}", (int)response.StatusCode, null, $"response larger than {MaxResponseBytes / 1024} KiB");
    }

    private static JsonObject? Parse(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 8 }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private HttpClient CreateClient()
    {
#pragma warning disable CA2000 // the handler chain is owned by the returned HttpClient
        var transport = new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (_endpoint.Scheme == "http") transport.ConnectCallback = ConnectAllowedAsync;
        return new HttpClient(new ResilientHttpHandler(_retry, transport)) { Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
    }

    /// <summary>Plain http: every address the host resolves to must be an allowed one (the SDK's rule), checked where the connection is made.</summary>
    private static async ValueTask<Stream> ConnectAllowedAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        IPAddress[] addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        if (addresses.Length == 0 || !addresses.All(HttpAllowed)) throw new StoreConfigException(NotAllowed(host));
#pragma warning disable CA2000 // owned by the returned NetworkStream, disposed here when the connection fails
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
#pragma warning restore CA2000
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool HttpAllowed(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return IPAddress.IsLoopback(address) || HttpHosts.Contains(address);
    }

    private static string NotAllowed(string host) =>
        $"{FullUriVariable}: plain http is allowed only to a loopback address, 169.254.170.2, 169.254.170.23 or fd00:ec2::23, not '{Echo.Bounded(host)}' (use https)";
}
