namespace SecretsKit.KeyService;

/// <summary>
/// How long a listener waits after a failed <c>accept()</c> before it tries again: 5 ms after the first failure, doubling
/// with each failure in a row, never more than <see cref="Longest"/> (the schedule Go's HTTP server uses for temporary accept
/// errors, so sops's own key service behaves alike). A free descriptor is taken up within a second, and a process out of
/// descriptors makes at most about one attempt a second instead of spinning.
/// </summary>
internal static class AcceptBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(5);

    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(1);

    /// <summary>The wait after one more failure, given the wait after the previous one (zero after a success).</summary>
    public static TimeSpan Next(TimeSpan previous) =>
        previous <= TimeSpan.Zero ? First : previous * 2 > Longest ? Longest : previous * 2;
}
