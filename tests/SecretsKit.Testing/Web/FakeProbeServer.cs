using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Web;

/// <summary>
/// What a canary's analysis asks, on 127.0.0.1: an application's health path (<see cref="Answer"/>: a status and a body
/// per path; a sequence of answers is served in order, the last one repeated) and Prometheus's instant query
/// (<c>GET /api/v1/query</c>: <see cref="Metric"/> sets the first sample's value per query; an unknown query has an
/// empty vector). Every request is recorded (<see cref="FakeHttpServer.Requests"/>); <see cref="FakeHttpServer.InjectFault"/>
/// holds or delays calls.
/// </summary>
public sealed class FakeProbeServer : FakeHttpServer
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Body, string? Location)>> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _metrics = new(StringComparer.Ordinal);

    private FakeProbeServer()
    {
    }

    public static async Task<FakeProbeServer> StartAsync()
    {
        var server = new FakeProbeServer();
        await server.StartServerAsync();
        return server;
    }

    /// <summary>The URL of <paramref name="path"/> on this server.</summary>
    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    /// <summary>Serves <paramref name="answers"/> at <paramref name="path"/> in order (the last one again and again).</summary>
    public void Answer(string path, params (int Status, string Body)[] answers) =>
        _answers[path] = new ConcurrentQueue<(int, string, string?)>(answers.Select(a => (a.Status, a.Body, (string?)null)));

    /// <summary>Answers <paramref name="path"/> with a redirect to <paramref name="location"/>.</summary>
    public void Redirect(string path, string location) => _answers[path] = new([(302, "", location)]);

    /// <summary>The first sample of <paramref name="query"/>'s instant vector: <paramref name="values"/> in order (the last one again and again).</summary>
    public void Metric(string query, params string[] values) => _metrics[query] = new ConcurrentQueue<string>(values);

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        if (await TryApplyFaultAsync(context, operation)) return;
        var path = context.Request.Path.Value ?? "";
        if (path == "/api/v1/query")
        {
            var query = context.Request.Query["query"].ToString();
            var value = _metrics.TryGetValue(query, out var values) ? Next(values) : null;
            var result = value is null ? "[]" : $"[{{\"metric\":{{}},\"value\":[1700000000.123,\"{value}\"]}}]";
            await WriteJsonAsync(context, 200, $"{{\"status\":\"success\",\"data\":{{\"resultType\":\"vector\",\"result\":{result}}}}}");
            return;
        }
        if (!_answers.TryGetValue(path, out var answers))
        {
            await WriteJsonAsync(context, 404, "not found\n", "text/plain");
            return;
        }
        var (status, body, location) = Next(answers);
        if (location is not null) context.Response.Headers.Location = location;
        await WriteJsonAsync(context, status, body);
    }

    private static T Next<T>(ConcurrentQueue<T> queue)
    {
        lock (queue)
        {
            return queue.Count > 1 && queue.TryDequeue(out var first) ? first : queue.TryPeek(out var last) ? last : throw new InvalidOperationException("no answer");
        }
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault) =>
        WriteJsonAsync(context, fault.Status == 0 ? 500 : fault.Status, "error\n", "text/plain");

    /// <summary>A number as Prometheus writes a sample value.</summary>
    public static string Sample(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
