namespace SecretsKit.Testing.Kubernetes;

/// <summary>A request held in flight (<see cref="FakeKubeApiServer.HoldRequest"/>): taken once, served when its release completes.</summary>
public sealed class FakeKubeHold(Func<string, string, bool> matches, Task release)
{
    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether the held request has arrived (and is being held).</summary>
    public bool Arrived => _arrived.Task.IsCompleted;

    internal bool Matches(string method, string path) => matches(method, path);

    internal async Task WaitAsync(CancellationToken aborted)
    {
        _arrived.TrySetResult();
        await release.WaitAsync(aborted);
    }
}
