using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Gcp.PubSub;

/// <summary>
/// A wire-level Pub/Sub fake (REST v1) for subscribers: <c>POST v1/projects/P/subscriptions/S:pull</c> (holds the request
/// until a message is deliverable or <see cref="PullWait"/> passes, as <c>returnImmediately: false</c> does),
/// <c>:acknowledge</c>, <c>:modifyAckDeadline</c> (0-600 s, every ack id issued, else <c>INVALID_ARGUMENT</c>; 0 makes the
/// message deliverable again at once); an unacknowledged message is delivered again once <see cref="AckDeadline"/> passes, with a new ack
/// id; an ack id never issued is refused with <c>INVALID_ARGUMENT</c>, an expired one is accepted and changes nothing (a
/// subscription without exactly-once delivery). Bearer tokens must be its own or those of <see cref="TrustTokensOf"/>.
/// </summary>
public sealed class FakePubSubServer : FakeGcpServer
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Pending>> _subscriptions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _issued = new(StringComparer.Ordinal);
    private readonly LongPollSignal _arrived = new();
    private long _acked;
    private long _pulls;
    private long _modified;

    private FakePubSubServer()
    {
    }

    public static async Task<FakePubSubServer> StartAsync()
    {
        var server = new FakePubSubServer();
        await server.StartServerAsync();
        return server;
    }

    /// <summary>
    /// A SecretStore <c>gcp</c> in <paramref name="ns"/> reading Secret Manager project <paramref name="project"/> with the
    /// service-account key in the Secret <c>gcp-sa</c> (<c>key.json</c>), annotated <c>secretskit.io/change-events:
    /// <paramref name="changeEvents"/></c>: the store the Pub/Sub change-event tests and bench subscribe with.
    /// </summary>
    public static JsonObject SecretManagerStore(string ns, string project, string changeEvents) => new()
    {
        ["apiVersion"] = "external-secrets.io/v1",
        ["kind"] = "SecretStore",
        ["metadata"] = new JsonObject
        {
            ["name"] = "gcp", ["namespace"] = ns,
            ["annotations"] = new JsonObject { ["secretskit.io/change-events"] = changeEvents },
        },
        ["spec"] = new JsonObject
        {
            ["provider"] = new JsonObject
            {
                ["gcpsm"] = new JsonObject
                {
                    ["projectID"] = project,
                    ["auth"] = new JsonObject
                    {
                        ["secretRef"] = new JsonObject { ["secretAccessKeySecretRef"] = new JsonObject { ["name"] = "gcp-sa", ["key"] = "key.json" } },
                    },
                },
            },
        },
    };

    /// <summary>How long a pull waits for a message before answering empty. <value>Default 5 s.</value></summary>
    public TimeSpan PullWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a delivered message waits for its ack before it is delivered again. <value>Default 10 s.</value></summary>
    public TimeSpan AckDeadline { get; set; } = TimeSpan.FromSeconds(10);

    public void CreateSubscription(string name)
    {
        lock (_gate) _subscriptions.TryAdd(name, []);
    }

    public void DeleteSubscription(string name)
    {
        lock (_gate) _subscriptions.Remove(name);
    }

    /// <summary>Publishes a message to the subscription (as Secret Manager's topic would); returns its id.</summary>
    public string Publish(string subscription, IReadOnlyDictionary<string, string> attributes, string data = "{}")
    {
        var message = new Pending(Guid.NewGuid().ToString("N")[..16], attributes, Convert.ToBase64String(Encoding.UTF8.GetBytes(data)));
        lock (_gate) _subscriptions[subscription].Add(message);
        _arrived.Pulse();
        return message.Id;
    }

    /// <summary>Messages not acknowledged yet.</summary>
    public int Count(string subscription)
    {
        lock (_gate) return _subscriptions.TryGetValue(subscription, out var s) ? s.Count : 0;
    }

    public long Acknowledged => Interlocked.Read(ref _acked);

    /// <summary>Pull requests received (answered or ended by the client).</summary>
    public long Pulls => Interlocked.Read(ref _pulls);

    /// <summary>Accepted <c>modifyAckDeadline</c> calls.</summary>
    public long DeadlinesModified => Interlocked.Read(ref _modified);

    /// <summary>How often a message was delivered.</summary>
    public int Deliveries(string subscription, string messageId)
    {
        lock (_gate) return _subscriptions[subscription].First(m => m.Id == messageId).Deliveries;
    }

    protected override void RecordTokenCall(bool accepted)
    {
    }

    protected override string OperationOf(HttpContext context) => context.Request.Path.Value is { } p && p.LastIndexOf(':') is var i and > 0 ? p[(i + 1)..] : "unknown";

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        if (await TryAnswerBeforeApiAsync(context, operation)) return;
        var path = context.Request.Path.Value ?? "";
        if (context.Request.Method != "POST" || !path.StartsWith("/v1/", StringComparison.Ordinal) || operation is not ("pull" or "acknowledge" or "modifyAckDeadline"))
        {
            await WriteFailureAsync(context, 404, "NOT_FOUND", "unknown method");
            return;
        }
        var name = path["/v1/".Length..path.LastIndexOf(':')];
        bool known;
        lock (_gate) known = _subscriptions.ContainsKey(name);
        if (!known)
        {
            await WriteFailureAsync(context, 404, "NOT_FOUND", $"Resource not found (resource={name.Split('/')[^1]}).");
            return;
        }
        var body = JsonNode.Parse(await ReadBodyAsync(context)) as JsonObject ?? [];
        if (operation == "pull") await PullAsync(context, name, body);
        else if (operation == "acknowledge") await AcknowledgeAsync(context, name, body);
        else await ModifyAckDeadlineAsync(context, name, body);
    }

    private async Task PullAsync(HttpContext context, string name, JsonObject body)
    {
        Interlocked.Increment(ref _pulls);
        var max = body["maxMessages"]?.GetValue<int>() ?? 0;
        if (max <= 0)
        {
            await WriteFailureAsync(context, 400, "INVALID_ARGUMENT", "maxMessages must be positive");
            return;
        }
        var immediately = body["returnImmediately"]?.GetValue<bool>() ?? false;
        var deadline = DateTime.UtcNow + (immediately ? TimeSpan.Zero : PullWait);
        while (true)
        {
            Task arrived;
            var taken = new JsonArray();
            lock (_gate)
            {
                arrived = _arrived.Current;
                if (!_subscriptions.TryGetValue(name, out var pending)) break;
                var now = DateTime.UtcNow;
                foreach (var m in pending.Where(m => m.InvisibleUntil <= now).Take(max))
                {
                    m.InvisibleUntil = now + AckDeadline;
                    m.Deliveries++;
                    m.AckId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
                    _issued.Add(m.AckId);
                    taken.Add((JsonNode)new JsonObject
                    {
                        ["ackId"] = m.AckId,
                        ["message"] = new JsonObject
                        {
                            ["data"] = m.Data, ["messageId"] = m.Id,
                            ["attributes"] = new JsonObject(m.Attributes.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value))),
                        },
                        ["deliveryAttempt"] = m.Deliveries,
                    });
                }
            }
            if (taken.Count > 0)
            {
                await WriteOkAsync(context, new JsonObject { ["receivedMessages"] = taken });
                return;
            }
            if (!await LongPollSignal.WaitAsync(arrived, deadline, context.RequestAborted)) break;
        }
        await WriteOkAsync(context, new JsonObject());
    }

    private async Task AcknowledgeAsync(HttpContext context, string name, JsonObject body)
    {
        var ids = (body["ackIds"] as JsonArray ?? []).Select(a => a?.GetValue<string>() ?? "").ToList();
        lock (_gate)
        {
            if (ids.Count == 0 || ids.Any(id => !_issued.Contains(id))) ids = null!;
            else
            {
                foreach (var id in ids)
                {
                    if (_subscriptions[name].RemoveAll(m => m.AckId == id) > 0) Interlocked.Increment(ref _acked);
                }
            }
        }
        if (ids is null) await WriteFailureAsync(context, 400, "INVALID_ARGUMENT", "Some acknowledgement ids in the request were invalid.");
        else await WriteOkAsync(context, new JsonObject());
    }

    private async Task ModifyAckDeadlineAsync(HttpContext context, string name, JsonObject body)
    {
        var ids = (body["ackIds"] as JsonArray ?? []).Select(a => a?.GetValue<string>() ?? "").ToList();
        var seconds = body["ackDeadlineSeconds"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : -1;
        if (seconds is < 0 or > 600)
        {
            await WriteFailureAsync(context, 400, "INVALID_ARGUMENT", "Invalid ack deadline given.");
            return;
        }
        bool valid;
        lock (_gate)
        {
            valid = ids.Count > 0 && ids.All(_issued.Contains);
            if (valid)
            {
                var until = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
                foreach (var m in _subscriptions[name].Where(m => m.AckId is not null && ids.Contains(m.AckId))) m.InvisibleUntil = until;
            }
        }
        if (!valid)
        {
            await WriteFailureAsync(context, 400, "INVALID_ARGUMENT", "Some acknowledgement ids in the request were invalid.");
            return;
        }
        Interlocked.Increment(ref _modified);
        if (seconds == 0) _arrived.Pulse();
        await WriteOkAsync(context, new JsonObject());
    }

    private sealed class Pending(string id, IReadOnlyDictionary<string, string> attributes, string data)
    {
        public string Id { get; } = id;
        public IReadOnlyDictionary<string, string> Attributes { get; } = attributes;
        public string Data { get; } = data;
        public string? AckId { get; set; }
        public int Deliveries { get; set; }
        public DateTime InvisibleUntil { get; set; } = DateTime.MinValue;
    }
}
