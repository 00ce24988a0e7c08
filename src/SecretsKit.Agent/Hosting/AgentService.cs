using Microsoft.Extensions.Hosting;

namespace SecretsKit.Agent.Hosting;

/// <summary>
/// The agent's work as the host's hosted service: <c>work</c> runs from start until the host stops (its token is
/// cancelled then, and the host waits for it: the work bounds itself, see <see cref="AgentHost.StopAsync"/>). Work that
/// ends by itself (the <c>--once</c> pass) stops the host.
/// </summary>
internal sealed class AgentService(Func<CancellationToken, Task> work, IHostApplicationLifetime lifetime, AgentLog log) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _run = Task.Run(async () =>
        {
            try
            {
                await work(_stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                log.Warn("agent failed", ("error", e.Message));
                Failed = true;
            }
            finally
            {
                lifetime.StopApplication();
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>The work ended with an unexpected error (logged).</summary>
    public bool Failed { get; private set; }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(cancellationToken);
    }

    public void Dispose() => _stop.Dispose();
}
