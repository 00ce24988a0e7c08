using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Agent.Hosting;

/// <summary>
/// /healthz, /readyz and /metrics (Prometheus text) on a small Kestrel server. Built empty: no configuration files
/// (the default appsettings.json with reload would watch the working directory recursively, <c>/</c> in a container),
/// no logging providers, only Kestrel's core.
/// </summary>
internal static class HealthEndpoints
{
    public static WebApplication Build(AgentHost host, int port)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.ListenAnyIP(port));
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
