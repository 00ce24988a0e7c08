using SecretsKit.Agent.Runtime.Scheduling;
using SecretsKit.Cloud.Gcp.ResourceManager;
using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.ChangeEvents.PubSub;

/// <summary>
/// The number of a gcpsm store's project, which Secret Manager's notifications may name instead of its ID, looked up once
/// per store with Resource Manager (<see cref="GcpProjectNumbers"/>) and kept across reconnections. A failed lookup is
/// tried again after a jittered backoff (<see cref="RetryInitial"/> doubling up to <see cref="RetryMax"/>) when the
/// subscription next receives; meanwhile events are matched by the project ID only and <see cref="Problem"/> says why.
/// </summary>
internal sealed class ProjectNumberLookup(string projectId, TimeProvider time)
{
    public static readonly TimeSpan RetryInitial = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan RetryMax = TimeSpan.FromMinutes(5);

    private static readonly Backoff<string> Delays = new(RetryInitial, RetryMax);
    private readonly Lock _gate = new();
    private Task? _running;
    private DateTimeOffset _next = DateTimeOffset.MinValue;
    private int _failures;

    public string ProjectId => projectId;

    /// <summary>The project's number once found.</summary>
    public string? Number { get; private set; }

    /// <summary>Why the number is not known (one bounded line), null before the first attempt ended and once it is known.</summary>
    public string? Problem { get; private set; }

    /// <summary>Lookups that failed.</summary>
    public int Failures
    {
        get
        {
            lock (_gate) return _failures;
        }
    }

    /// <summary>
    /// Starts a lookup unless the number is known, one is under way or the backoff still waits; returns the lookup under
    /// way (it never throws), or a completed task.
    /// </summary>
    public Task Refresh(GcpProjectNumbers projects, CancellationToken ct)
    {
        lock (_gate)
        {
            if (Number is not null) return Task.CompletedTask;
            if (_running is { IsCompleted: false }) return _running;
            if (!GcpProjectNumbers.IsProjectId(projectId))
            {
                Problem = "the store's projectID is not a project ID Resource Manager can look up";
                return Task.CompletedTask;
            }
            if (time.GetUtcNow() < _next) return Task.CompletedTask;
            return _running = Task.Run(() => LookUpAsync(projects, ct), CancellationToken.None);
        }
    }

    private async Task LookUpAsync(GcpProjectNumbers projects, CancellationToken ct)
    {
        try
        {
            var number = await projects.GetNumberAsync(projectId, ct);
            lock (_gate) (Number, Problem) = (number, null);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // the subscription was closed; the next connection tries again
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _failures++;
                Problem = Echo.Truncated(e.Message, 200);
                _next = time.GetUtcNow() + Delays.Delay(_failures);
            }
        }
    }
}
