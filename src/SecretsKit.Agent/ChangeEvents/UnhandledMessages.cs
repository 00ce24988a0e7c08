namespace SecretsKit.Agent.ChangeEvents;

/// <summary>
/// The messages a source received and did not acknowledge (their keys are another replica's shard), to be released at
/// the next receive so the owning replica's poll takes them without waiting out the lease: at once the first time a
/// message is released, then after 1, 2, 4, … up to <paramref name="maxDelaySeconds"/> seconds, so a message no running
/// replica handles does not make this one spin. Handles are per delivery; the release count is kept per message id.
/// </summary>
internal sealed class UnhandledMessages(int maxDelaySeconds)
{
    /// <summary>Messages whose release count is remembered (beyond it the counts start over: the cost is one early release).</summary>
    private const int MaxRemembered = 10_000;

    private readonly Dictionary<string, string> _unhandled = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _releases = new(StringComparer.Ordinal);

    public void Received(string handle, string messageId) => _unhandled[handle] = messageId;

    public void Acknowledged(string handle)
    {
        if (_unhandled.Remove(handle, out var id)) _releases.Remove(id);
    }

    /// <summary>The delay a message gets when released for the <paramref name="times"/>-th time (1 = first): 0, 1, 2, 4, … the maximum.</summary>
    public static int Delay(int times, int maxDelaySeconds) => times <= 1 ? 0 : Math.Min(maxDelaySeconds, 1 << Math.Min(times - 2, 16));

    /// <summary>Every message received and not acknowledged since the last call, with the delay it is released for.</summary>
    public IReadOnlyList<(string Handle, int Seconds)> TakeReleases()
    {
        if (_unhandled.Count == 0) return [];
        if (_releases.Count > MaxRemembered) _releases.Clear();
        var left = _unhandled.Select(m =>
        {
            var times = _releases[m.Value] = _releases.GetValueOrDefault(m.Value) + 1;
            return (m.Key, Delay(times, maxDelaySeconds));
        }).ToList();
        _unhandled.Clear();
        return left;
    }
}
