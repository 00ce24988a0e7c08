using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Kubernetes.Errors;
using SecretsKit.Kubernetes.Http;

namespace SecretsKit.Kubernetes;

public sealed partial class KubernetesClient
{
    /// <summary>
    /// Streams watch events (newline-delimited JSON). The stream ends when the server closes it (timeoutSeconds);
    /// a too-old resourceVersion — HTTP 410 or an in-stream ERROR event with code 410 — throws
    /// <see cref="KubernetesGoneException"/>: list again and watch from the list's resourceVersion (or use <see cref="ListWatch"/>).
    /// </summary>
    public async IAsyncEnumerable<WatchEvent> WatchAsync(ResourceType type, string? ns, WatchOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new WatchOptions();
        var ns2 = type.Namespaced ? ns : null;
        var operation = $"watch {type}{(ns2 is null ? "" : " in " + ns2)}";
        var query = new QueryBuilder()
            .Add("watch", "true")
            .Add("resourceVersion", options.ResourceVersion)
            .Add("allowWatchBookmarks", options.AllowBookmarks ? "true" : null)
            .Add("timeoutSeconds", options.TimeoutSeconds?.ToString(CultureInfo.InvariantCulture))
            .Add("labelSelector", options.LabelSelector)
            .Add("fieldSelector", options.FieldSelector);
        using var response = await SendRawAsync(HttpMethod.Get, type.CollectionPath(ns2) + query, null, null, HttpCompletionOption.ResponseHeadersRead, cancellationToken,
            options.MetadataOnly ? MetadataAccept : null);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw Failure(response.StatusCode, text, operation, RetryAfter(response));
        }
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0) continue;
            // an object nested too deep comes as a stub that says so (KubeJsonReader), never ends the watch
            var ev = KubeJsonReader.ReadWatchEvent(line)
                ?? throw new KubernetesApiException(response.StatusCode, operation, new KubeStatus(0, "InvalidWatchEvent", "a watch event is not a JSON object", null), null);
            var obj = ev["object"] as JsonObject;
            var kind = ev["type"]?.GetValue<string>();
            switch (kind)
            {
                case "ADDED": yield return new WatchEvent(WatchEventType.Added, obj); break;
                case "MODIFIED": yield return new WatchEvent(WatchEventType.Modified, obj); break;
                case "DELETED": yield return new WatchEvent(WatchEventType.Deleted, obj); break;
                case "BOOKMARK": yield return new WatchEvent(WatchEventType.Bookmark, obj); break;
                case "ERROR":
                    var status = KubeStatus.FromJson(obj);
                    var code = status?.Code is > 0 and var c ? (System.Net.HttpStatusCode)c : System.Net.HttpStatusCode.InternalServerError;
                    throw KubernetesApiException.Create(code, operation, status);
                default:
                    // unknown event types are skipped, as client-go does
                    break;
            }
        }
    }
}
