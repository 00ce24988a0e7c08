using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SecretsKit.Agent.Hosting;

/// <summary>/healthz, /readyz and /metrics (Prometheus text) on a small Kestrel server.</summary>
internal static class HealthEndpoints
{
    public static WebApplication Build(AgentHost host, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.ListenAnyIP(port));
        var app = builder.Build();
        app.Run(async context =>
        {
            switch (context.Request.Path.Value)
            {
                case "/healthz":
                    await context.Response.WriteAsync("ok");
                    break;
                case "/readyz":
                    context.Response.StatusCode = host.Ready ? 200 : 503;
                    await context.Response.WriteAsync(host.Ready ? "ok" : "starting");
                    break;
                case "/metrics":
                    context.Response.ContentType = "text/plain; version=0.0.4";
                    await context.Response.WriteAsync(host.Metrics.Render());
                    break;
                default:
                    context.Response.StatusCode = 404;
                    break;
            }
        });
        return app;
    }
}
