using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Providers;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Config;
using SecretsKit.Kubernetes.Http;

AgentCommandLine commandLine;
try
{
    commandLine = AgentCommandLine.Parse(args);
}
catch (AgentUsageException e)
{
    await Console.Error.WriteLineAsync($"secretskit-agent: {e.Message}; {e.Hint}");
    return e.ExitCode;
}
if (commandLine.HelpRequested)
{
    await Console.Out.WriteAsync(AgentCommandLine.Usage);
    return 0;
}
var log = new AgentLog(Console.Out);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

var env = SecretsKit.Core.Platform.SystemEnvironment.Instance;
using var kube = new KubernetesClient(InClusterConfig.IsInCluster(env) ? InClusterConfig.Load(env) : KubeConfigLoader.Load(env))
{
    RateLimit = new ClientRateLimit(commandLine.Options.ClientQps, commandLine.Options.ClientBurst),
};
var identity = Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName + "-" + Guid.NewGuid().ToString("N")[..8];
using var host = new AgentHost(kube, commandLine.Options, new ProviderOptions(), identity, commandLine.LeaseNamespace, log);
await using var web = HealthEndpoints.Build(host, commandLine.MetricsPort);
await web.StartAsync(stop.Token);
await host.RunAsync(stop.Token);
await web.StopAsync(CancellationToken.None);
return 0;
