using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Aws.Sqs;

/// <summary>
/// A wire-level Amazon SQS fake, JSON protocol (<c>X-Amz-Target: AmazonSQS.*</c>, <c>application/x-amz-json-1.0</c>,
/// SigV4 for <c>sqs</c> checked by the base): ReceiveMessage with long polling (returns as soon as a message is visible,
/// else after <c>WaitTimeSeconds</c>), visibility timeout (a message not deleted in time is delivered again, with a new
/// receipt handle), DeleteMessage and DeleteMessageBatch (a receipt handle that is not the message's current one is
/// refused with <c>ReceiptHandleIsInvalid</c>), and <c>QueueDoesNotExist</c> for a queue URL it does not hold.
/// </summary>
public sealed class FakeSqsServer : FakeAwsJsonServer
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<FakeSqsMessage>> _queues = new(StringComparer.Ordinal);
    private readonly LongPollSignal _arrived = new();
    private long _deleted;
    private long _released;

    // what a message's invisibility is measured on (a long poll's own wait is real time)
    private readonly TimeProvider _time;

    private FakeSqsServer(string region, string account, TimeProvider time)
        : base("sqs", "AmazonSQS", region, jsonVersion: "1.0")
    {
        Account = account;
        _time = time;
    }

    public string Account { get; }

    /// <summary>
    /// A SecretStore <c>aws</c> in <paramref name="ns"/> reading Secrets Manager in <paramref name="region"/> with the static
    /// keys of the Secret <c>aws-credentials</c> (<c>id</c>, <c>secret</c>), annotated <c>secretskit.io/change-events:
    /// <paramref name="changeEvents"/></c>: the store the SQS change-event tests and bench subscribe with.
    /// </summary>
    public static JsonObject SecretsManagerStore(string ns, string region, string changeEvents) => new()
    {
        ["apiVersion"] = "external-secrets.io/v1",
        ["kind"] = "SecretStore",
        ["metadata"] = new JsonObject
        {
            ["name"] = "aws", ["namespace"] = ns,
            ["annotations"] = new JsonObject { ["secretskit.io/change-events"] = changeEvents },
        },
        ["spec"] = new JsonObject
        {
            ["provider"] = new JsonObject
            {
                ["aws"] = new JsonObject
                {
                    ["service"] = "SecretsManager", ["region"] = region,
                    ["auth"] = new JsonObject
                    {
                        ["secretRef"] = new JsonObject
                        {
                            ["accessKeyIDSecretRef"] = new JsonObject { ["name"] = "aws-credentials", ["key"] = "id" },
                            ["secretAccessKeySecretRef"] = new JsonObject { ["name"] = "aws-credentials", ["key"] = "secret" },
                        },
                    },
                },
            },
        },
    };

    public static async Task<FakeSqsServer> StartAsync(string region = "eu-west-1", string account = "123456789012", TimeProvider? time = null)
    {
        var server = new FakeSqsServer(region, account, time ?? TimeProvider.System);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>The queue's URL as SQS names it (what the annotation holds after <c>sqs://</c>, with <c>https://</c>).</summary>
    public string QueueUrl(string name) => $"https://sqs.{Region}.amazonaws.com/{Account}/{name}";

    public void CreateQueue(string name)
    {
        lock (_gate) _queues.TryAdd(QueueUrl(name), []);
    }

    /// <summary>Deletes the queue with its messages: receives fail with <c>QueueDoesNotExist</c> until it is created again.</summary>
    public void DeleteQueue(string name)
    {
        lock (_gate) _queues.Remove(QueueUrl(name));
    }

    /// <summary>Sends a message (as EventBridge would); returns its id.</summary>
    public string SendMessage(string queue, string body)
    {
        var message = new FakeSqsMessage(Guid.NewGuid().ToString(), body);
        lock (_gate) _queues[QueueUrl(queue)].Add(message);
        _arrived.Pulse();
        return message.Id;
    }

    /// <summary>Messages still in the queue (visible or in flight).</summary>
    public int Count(string queue)
    {
        lock (_gate) return _queues.TryGetValue(QueueUrl(queue), out var q) ? q.Count : 0;
    }

    /// <summary>Visibility changes done so far (messages released early by a consumer).</summary>
    public long Released => Interlocked.Read(ref _released);

    /// <summary>Messages deleted so far.</summary>
    public long Deleted => Interlocked.Read(ref _deleted);

    /// <summary>How often a message was received (1 = once, never redelivered).</summary>
    public int ReceiveCount(string queue, string messageId)
    {
        lock (_gate) return _queues[QueueUrl(queue)].First(m => m.Id == messageId).ReceiveCount;
    }

    protected override async Task HandleOperationAsync(HttpContext context, string operation, JsonObject body)
    {
        var url = body["QueueUrl"]?.GetValue<string>();
        bool known;
        lock (_gate) known = url is not null && _queues.ContainsKey(url);
        if (operation is not ("ReceiveMessage" or "DeleteMessage" or "DeleteMessageBatch" or "ChangeMessageVisibilityBatch"))
        {
            await ErrorAsync(context, 400, "UnknownOperationException", $"operation {operation} is not supported by this fake");
            return;
        }
        if (!known)
        {
            await ErrorAsync(context, 400, "com.amazonaws.sqs#QueueDoesNotExist", "The specified queue does not exist.");
            return;
        }
        switch (operation)
        {
            case "ReceiveMessage":
                await ReceiveAsync(context, url!, body);
                break;
            case "DeleteMessage":
                if (Delete(url!, body["ReceiptHandle"]?.GetValue<string>()) is { } problem) await ErrorAsync(context, 400, "ReceiptHandleIsInvalid", problem);
                else await OkAsync(context, []);
                break;
            case "ChangeMessageVisibilityBatch":
                await BatchAsync(context, body, entry => ChangeVisibility(url!, entry));
                break;
            default:
                await BatchAsync(context, body, entry => Delete(url!, entry?["ReceiptHandle"]?.GetValue<string>()));
                break;
        }
    }

    private async Task ReceiveAsync(HttpContext context, string url, JsonObject body)
    {
        var max = body["MaxNumberOfMessages"]?.GetValue<int>() ?? 1;
        var wait = body["WaitTimeSeconds"]?.GetValue<int>() ?? 0;
        var visibility = body["VisibilityTimeout"]?.GetValue<int>() ?? 30;
        if (max is < 1 or > 10 || wait is < 0 or > 20 || visibility is < 0 or > 43200)
        {
            await ErrorAsync(context, 400, "InvalidParameterValue", "MaxNumberOfMessages must be 1-10, WaitTimeSeconds 0-20, VisibilityTimeout 0-43200");
            return;
        }
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(wait);
        while (true)
        {
            Task arrived;
            var taken = new JsonArray();
            lock (_gate)
            {
                arrived = _arrived.Current;
                if (!_queues.TryGetValue(url, out var queue)) break; // deleted while polling: an empty answer
                var now = _time.GetUtcNow().UtcDateTime;
                foreach (var m in queue.Where(m => m.InvisibleUntil <= now).Take(max))
                {
                    m.InvisibleUntil = now + TimeSpan.FromSeconds(visibility);
                    m.ReceiveCount++;
                    m.Handle = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
                    taken.Add((JsonNode)new JsonObject
                    {
                        ["MessageId"] = m.Id, ["ReceiptHandle"] = m.Handle, ["MD5OfBody"] = Md5(m.Body), ["Body"] = m.Body,
                    });
                }
            }
            if (taken.Count > 0)
            {
                await OkAsync(context, new JsonObject { ["Messages"] = taken });
                return;
            }
            if (!await LongPollSignal.WaitAsync(arrived, deadline, context.RequestAborted)) break;
        }
        await OkAsync(context, []);
    }

    /// <summary>A batch operation: 1-10 entries with distinct ids, each done by <paramref name="one"/> (null = done, else why not).</summary>
    private async Task BatchAsync(HttpContext context, JsonObject body, Func<JsonNode?, string?> one)
    {
        var entries = body["Entries"] as JsonArray ?? [];
        if (entries.Count is < 1 or > 10)
        {
            await ErrorAsync(context, 400, entries.Count == 0 ? "EmptyBatchRequest" : "TooManyEntriesInBatchRequest", "a batch holds 1 to 10 entries");
            return;
        }
        var ids = entries.Select(e => e?["Id"]?.GetValue<string>()).ToList();
        if (ids.Distinct().Count() != ids.Count)
        {
            await ErrorAsync(context, 400, "BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.");
            return;
        }
        var ok = new JsonArray();
        var failed = new JsonArray();
        foreach (var entry in entries)
        {
            var id = entry?["Id"]?.GetValue<string>() ?? "";
            if (one(entry) is { } problem)
            {
                failed.Add((JsonNode)new JsonObject { ["Id"] = id, ["Code"] = "ReceiptHandleIsInvalid", ["Message"] = problem, ["SenderFault"] = true });
            }
            else ok.Add((JsonNode)new JsonObject { ["Id"] = id });
        }
        await OkAsync(context, new JsonObject { ["Successful"] = ok, ["Failed"] = failed });
    }

    /// <summary>
    /// <c>ChangeMessageVisibility</c> of one entry: the message held under the receipt handle becomes visible after
    /// <c>VisibilityTimeout</c> seconds from now (0-43200; 0 = at once).
    /// </summary>
    private string? ChangeVisibility(string url, JsonNode? entry)
    {
        var handle = entry?["ReceiptHandle"]?.GetValue<string>();
        var seconds = entry?["VisibilityTimeout"] is JsonValue v && v.TryGetValue<int>(out var s) ? s : -1;
        if (seconds is < 0 or > 43200) return "VisibilityTimeout must be 0-43200.";
        lock (_gate)
        {
            var message = handle is null ? null : _queues[url].Find(m => m.Handle == handle);
            var now = _time.GetUtcNow().UtcDateTime;
            if (message is null || message.InvisibleUntil <= now) return "The input receipt handle is invalid.";
            message.InvisibleUntil = now + TimeSpan.FromSeconds(seconds);
            Interlocked.Increment(ref _released);
        }
        if (seconds == 0) _arrived.Pulse();
        return null;
    }

    private string? Delete(string url, string? handle)
    {
        lock (_gate)
        {
            var queue = _queues[url];
            var index = handle is null ? -1 : queue.FindIndex(m => m.Handle == handle);
            if (index < 0) return "The input receipt handle is invalid.";
            queue.RemoveAt(index);
            Interlocked.Increment(ref _deleted);
            return null;
        }
    }

    /// <summary>SQS's MD5OfBody: a checksum of the body, as the real service sends it (not a security use).</summary>
#pragma warning disable CA5351
    private static string Md5(string body) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));
#pragma warning restore CA5351

    private sealed class FakeSqsMessage(string id, string body)
    {
        public string Id { get; } = id;
        public string Body { get; } = body;
        public string? Handle { get; set; }
        public int ReceiveCount { get; set; }
        public DateTime InvisibleUntil { get; set; } = DateTime.MinValue;
    }
}
