using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Hosting;

/// <summary>
/// The agent's one host: /healthz, /readyz and /metrics (Prometheus text) on a small Kestrel server and, when given,
/// the agent's work as a hosted service (<see cref="AgentService"/>) under <see cref="AgentLifetime"/>, so a signal
/// stops both. Built empty: no configuration files (the default appsettings.json with reload would watch the working
/// directory recursively, <c>/</c> in a container), no logging providers, only Kestrel's core.
/// </summary>
internal static class HealthEndpoints
{
    public static WebApplication Build(AgentHost host, int port, Func<CancellationToken, Task>? work = null, bool handleSignals = false)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.ListenAnyIP(port));
        builder.Services.AddSingleton<IHostLifetime>(sp => new AgentLifetime(sp.GetRequiredService<IHostApplicationLifetime>(), host.Log, handleSignals, host.StopRequested));
        // the work bounds its own shutdown (AgentHost.ShutdownTimeout); the host's own limit only backs it up
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = host.ShutdownTimeout + TimeSpan.FromSeconds(10));
        if (work is not null)
        {
            builder.Services.AddSingleton<IHostedService>(sp => new AgentService(work, sp.GetRequiredService<IHostApplicationLifetime>(), host.Log));
        }
        var app = builder.Build();
        app.Run(async context =>
        {
            switch (context.Request.Path.Value)
            {
                case "/healthz":
                    await AnswerAsync(context, host.Probes.Liveness());
                    break;
                case "/readyz":
                    await AnswerAsync(context, host.Probes.Readiness());
                    break;
                case "/metrics":
                    context.Response.ContentType = "text/plain; version=0.0.4";
                    await host.Metrics.WriteAsync(context.Response.BodyWriter, context.RequestAborted);
                    break;
                default:
                    context.Response.StatusCode = 404;
                    break;
            }
        });
        return app;
    }

    private static Task AnswerAsync(HttpContext context, (bool Ok, string Reason) probe)
    {
        context.Response.StatusCode = probe.Ok ? 200 : 503;
        return context.Response.WriteAsync(probe.Reason + "\n");
    }
}
