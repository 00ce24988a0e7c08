using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Tls;

namespace SecretsKit.Testing.Azure.ServiceBus;

/// <summary>
/// Azure Service Bus queues over the REST API on loopback HTTPS (host <see cref="NamespaceHost"/>, certificate from
/// a test CA), with its own Entra ID token endpoint. Peek-lock receive (<c>POST {queue}/messages/head?timeout=S</c>:
/// 201 with <c>BrokerProperties</c> and <c>Location</c>, or 204 after waiting up to S seconds), complete
/// (<c>DELETE {queue}/messages/{id}/{lock}</c>) and unlock (<c>PUT</c>): 200, or 404 for an unknown or expired lock.
/// A lock that runs out makes the message deliverable again with <c>DeliveryCount</c> + 1. Bearer tokens must be for
/// <c>https://servicebus.azure.net</c> (401 otherwise); an unknown queue is 410. Operations: <c>token</c>,
/// <c>receive</c>, <c>complete</c>, <c>unlock</c>, <c>other</c>.
/// </summary>
public sealed partial class FakeServiceBusServer : FakeHttpServer
{
    /// <summary>The audience of Entra ID tokens for Service Bus.</summary>
    public const string ServiceBusAudience = "https://servicebus.azure.net";

    /// <summary>The namespace's short name.</summary>
    public const string NamespaceName = "sk-events";

    /// <summary>The namespace's host; reach it through <see cref="CreateClientHandler"/>.</summary>
    public const string NamespaceHost = NamespaceName + ".servicebus.windows.net";

    private readonly Dictionary<string, FakeServiceBusQueue> _queues = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _time;

    private FakeServiceBusServer(TestCertificateAuthority authority, TimeProvider time)
    {
        Authority = authority;
        _time = time;
    }

    public static async Task<FakeServiceBusServer> StartAsync(TimeProvider? time = null)
    {
        // a CA name of its own: a process trusting this CA and the vault fake's in one file (SSL_CERT_FILE) finds each issuer by name
        var authority = TestCertificateAuthority.Create("SecretsKit Test CA (Service Bus)");
        var server = new FakeServiceBusServer(authority, time ?? TimeProvider.System);
        await server.StartServerAsync(authority.IssueServerCertificate(NamespaceHost, LoginHost));
        return server;
    }

    public TestCertificateAuthority Authority { get; }

    /// <summary>A client handler that trusts the test CA and connects every host name to this server.</summary>
    public HttpMessageHandler CreateClientHandler() =>
        Authority.CreateTrustingHandler(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, BaseAddress.Port));

    /// <summary>Creates a queue with its lock duration (default 30 s) and maximum delivery count (default 10).</summary>
    public void CreateQueue(string name, TimeSpan? lockDuration = null, int maxDeliveryCount = 10)
    {
        lock (_queues) _queues[name] = new FakeServiceBusQueue(lockDuration ?? TimeSpan.FromSeconds(30), maxDeliveryCount);
    }

    /// <summary>Enqueues a message (as Event Grid does); returns its MessageId.</summary>
    public string Send(string queue, string body, string contentType = "application/json; charset=utf-8", string? messageId = null)
    {
        messageId ??= Guid.NewGuid().ToString("N");
        lock (_queues) _queues[queue].Add(messageId, Encoding.UTF8.GetBytes(body), contentType);
        return messageId;
    }

    /// <summary>Messages still in the queue (available or locked).</summary>
    public int ActiveCount(string queue)
    {
        lock (_queues) return _queues[queue].Messages.Count;
    }

    /// <summary>Messages completed so far.</summary>
    public int CompletedCount(string queue)
    {
        lock (_queues) return _queues[queue].Completed;
    }

    /// <summary>Messages moved to the dead-letter queue after too many deliveries.</summary>
    public int DeadLetterCount(string queue)
    {
        lock (_queues) return _queues[queue].DeadLetters.Count;
    }

    protected override string OperationOf(HttpContext context)
    {
        var segments = Segments(context);
        return (context.Request.Method, segments) switch
        {
            ("POST", [_, "oauth2", "v2.0", "token"]) => "token",
            ("POST", [_, "messages", "head"]) => "receive",
            ("DELETE", [_, "messages", _, _]) => "complete",
            ("PUT", [_, "messages", _, _]) => "unlock",
            _ => "other",
        };
    }

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        var host = context.Request.Host.Host;
        var segments = Segments(context);
        if (operation == "token" && host == LoginHost)
        {
            await TokenAsync(context, segments[0]);
            return;
        }
        if (host != NamespaceHost)
        {
            await ErrorAsync(context, 404, $"No such host is known: {host}");
            return;
        }
        if (RefusedToken(context) is { } refusal)
        {
            await ErrorAsync(context, 401, refusal);
            return;
        }
        if (await TryApplyFaultAsync(context, operation)) return;
        FakeServiceBusQueue? queue;
        lock (_queues) _queues.TryGetValue(segments[0], out queue);
        if (operation == "other")
        {
            await ErrorAsync(context, 400, "The request is not a supported queue runtime operation.");
            return;
        }
        if (queue is null)
        {
            await ErrorAsync(context, 410, $"The messaging entity '{NamespaceHost}/{segments[0]}' could not be found.");
            return;
        }
        if (operation == "receive") await ReceiveAsync(context, queue, segments[0]);
        else await SettleAsync(context, queue, operation, segments[2], segments[3]);
    }

    private async Task ReceiveAsync(HttpContext context, FakeServiceBusQueue queue, string name)
    {
        var timeoutText = context.Request.Query["timeout"].ToString();
        var seconds = 60;
        if (timeoutText.Length > 0 && (!int.TryParse(timeoutText, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds < 0))
        {
            await ErrorAsync(context, 400, "The timeout parameter is not a number of seconds.");
            return;
        }
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(seconds);
        FakeServiceBusMessage? message;
        while (true)
        {
            lock (_queues) message = queue.TakeNext(_time.GetUtcNow());
            if (message is not null || DateTimeOffset.UtcNow >= deadline) break;
            await Task.Delay(10, context.RequestAborted);
        }
        if (message is null)
        {
            context.Response.StatusCode = 204;
            return;
        }
        var properties = new JsonObject
        {
            ["DeliveryCount"] = message.DeliveryCount,
            ["EnqueuedSequenceNumber"] = 0,
            ["LockToken"] = message.LockToken!.Value.ToString("D"),
            ["LockedUntilUtc"] = message.LockedUntil.UtcDateTime.ToString("R", CultureInfo.InvariantCulture),
            ["MessageId"] = message.MessageId,
            ["SequenceNumber"] = message.SequenceNumber,
            ["State"] = "Active",
            ["TimeToLive"] = 1209600,
        };
        context.Response.StatusCode = 201;
        context.Response.ContentType = message.ContentType;
        context.Response.Headers["BrokerProperties"] = properties.ToJsonString();
        context.Response.Headers.Location = $"https://{NamespaceHost}/{name}/messages/{message.SequenceNumber}/{message.LockToken:D}";
        await context.Response.Body.WriteAsync(message.Body, context.RequestAborted);
    }

    private async Task SettleAsync(HttpContext context, FakeServiceBusQueue queue, string operation, string messageId, string lockText)
    {
        var found = false;
        if (Guid.TryParseExact(lockText, "D", out var lockToken))
        {
            lock (_queues)
            {
                var message = queue.Locked(Uri.UnescapeDataString(messageId), lockToken, _time.GetUtcNow());
                found = message is not null;
                if (message is not null && operation == "complete")
                {
                    queue.Messages.Remove(message);
                    queue.Completed++;
                }
                else if (message is not null)
                {
                    message.LockToken = null;
                }
            }
        }
        if (!found)
        {
            await ErrorAsync(context, lockText.Length > 0 && !Guid.TryParseExact(lockText, "D", out _) ? 400 : 404,
                "The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.");
            return;
        }
        context.Response.StatusCode = 200;
    }

    private static string[] Segments(HttpContext context) => (context.Request.Path.Value ?? "").Trim('/').Split('/');

    /// <summary>Service Bus's error body: <c>&lt;Error&gt;&lt;Code&gt;…&lt;/Code&gt;&lt;Detail&gt;…&lt;/Detail&gt;&lt;/Error&gt;</c>.</summary>
    private static async Task ErrorAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml; charset=utf-8";
        await context.Response.WriteAsync($"<Error><Code>{status}</Code><Detail>{SecurityElement.Escape(detail)}</Detail></Error>");
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault) => fault.Kind switch
    {
        FakeFaultKind.TooManyRequests or FakeFaultKind.Throttling => ErrorAsync(context, 429, "The request was terminated because the entity is being throttled."),
        FakeFaultKind.Forbidden => ErrorAsync(context, 401, "Unauthorized access. 'Listen' claim(s) are required to perform this operation."),
        _ => ErrorAsync(context, 500, "The server was unable to process the request."),
    };

    protected override void ReleaseResources() => Authority.Dispose();
}
