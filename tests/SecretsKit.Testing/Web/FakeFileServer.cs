using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Web;

/// <summary>
/// A plain web server for remote value files (as GitHub raw or an intranet server serves them): GET of a path returns
/// the file's bytes, 404 for an unknown path; with <see cref="RequireBasicAuth"/> every request without exactly those
/// credentials gets 401 and a <c>WWW-Authenticate: Basic</c> challenge.
/// </summary>
public sealed class FakeFileServer : FakeHttpServer
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    private FakeFileServer()
    {
    }

    /// <summary><c>user:password</c> every request must carry as Basic auth, or null for none.</summary>
    public string? RequireBasicAuth { get; set; }

    public static async Task<FakeFileServer> StartAsync()
    {
        var server = new FakeFileServer();
        await server.StartServerAsync();
        return server;
    }

    /// <summary>Serves <paramref name="content"/> at <paramref name="path"/> (e.g. <c>/team/secrets.yaml</c>); returns its URL.</summary>
    public string Put(string path, byte[] content)
    {
        _files[path] = content;
        return new Uri(BaseAddress, path).ToString();
    }

    protected override string OperationOf(HttpContext context) => context.Request.Method + " " + context.Request.Path;

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        if (await TryApplyFaultAsync(context, operation)) return;
        if (RequireBasicAuth is { } expected
            && context.Request.Headers.Authorization.ToString() != "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(expected)))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"files\"";
            await WriteJsonAsync(context, 401, "unauthorized\n", "text/plain");
            return;
        }
        if (!HttpMethods.IsGet(context.Request.Method) || !_files.TryGetValue(context.Request.Path.Value ?? "", out var content))
        {
            await WriteJsonAsync(context, HttpMethods.IsGet(context.Request.Method) ? 404 : 405, "not found\n", "text/plain");
            return;
        }
        context.Response.ContentType = "application/octet-stream";
        await context.Response.Body.WriteAsync(content);
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault) =>
        WriteJsonAsync(context, fault.Kind == FakeFaultKind.Forbidden ? 403 : fault.Kind == FakeFaultKind.TooManyRequests ? 429 : 500, "error\n", "text/plain");
}
