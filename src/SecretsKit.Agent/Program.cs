using System.Reflection;
using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Render;
using SecretsKit.Core.Errors;
using Microsoft.Extensions.Hosting;

if (args is ["render", .. var renderArgs]) return await RenderCommand.RunAsync(renderArgs, Console.In, Console.Out, Console.Error);
AgentCommandLine commandLine;
try
{
    commandLine = AgentCommandLine.Parse(args);
}
catch (AgentUsageException e)
{
    await Console.Error.WriteLineAsync(AgentStartup.Describe(e));
    return 1;
}
if (commandLine.HelpRequested || commandLine.VersionRequested)
{
    var version = typeof(AgentHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
    await Console.Out.WriteAsync(commandLine.HelpRequested ? AgentCommandLine.Usage : $"secretskit-agent {version}\n");
    return 0;
}
try
{
    using var kube = await AgentStartup.ConnectAsync(commandLine, SecretsKit.Core.Platform.SystemEnvironment.Instance);
    var identity = Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName + "-" + Guid.NewGuid().ToString("N")[..8];
    kube.IdentifyAs(identity);
    // the Lease rounds get a client (and rate limit) of their own: behind a burst of writes they would miss their deadline
    using var leaseKube = kube.WithOwnRateLimit();
    var log = new AgentLog(commandLine.Once ? Console.Error : Console.Out);
    using var host = new AgentHost(kube, commandLine.Options, ProviderOptions.FromEnvironment(SecretsKit.Core.Platform.SystemEnvironment.Instance), identity, commandLine.LeaseNamespace, log, leases: leaseKube)
    {
        ShutdownTimeout = commandLine.ShutdownTimeout,
    };
    host.Probes.StallTimeout = commandLine.StallTimeout;
    if (commandLine.Once) return await AgentOnce.RunAsync(host, kube, commandLine, identity, Console.Out, CancellationToken.None);
    await using var app = HealthEndpoints.Build(host, commandLine.MetricsPort, host.RunAsync, handleSignals: true);
    await AgentStartup.StartAsync(app, commandLine.MetricsPort);
    await app.WaitForShutdownAsync();
    return 0;
}
catch (SecretsKitException e)
{
    await Console.Error.WriteLineAsync(AgentStartup.Describe(e));
    return 1;
}
