using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Release.Locking;

/// <summary>
/// Where and how long a run holds an environment's release lock (the promotion file's <c>lock:</c>): a
/// <c>coordination.k8s.io/v1</c> Lease in <see cref="Namespace"/>, taken over when not renewed for <see cref="Ttl"/>,
/// waited for up to <see cref="Wait"/> when another run holds it.
/// </summary>
public sealed record ReleaseLockSettings(string Namespace, TimeSpan Ttl, TimeSpan Wait)
{
    /// <summary>The namespace the lock's Lease and the release records live in when none is named.</summary>
    public const string DefaultNamespace = "secretskit-system";

    public static ReleaseLockSettings Default { get; } = new(DefaultNamespace, TimeSpan.FromSeconds(60), TimeSpan.Zero);

    /// <summary>These settings with <c>--lock-wait</c> and <c>--lock-ttl</c> (Go durations) applied where given.</summary>
    public ReleaseLockSettings WithFlags(string? wait, string? ttl)
    {
        var settings = this;
        if (wait is not null) settings = settings with { Wait = Duration(wait, "--lock-wait") };
        if (ttl is not null) settings = settings with { Ttl = Duration(ttl, "--lock-ttl") };
        if (settings.Ttl < TimeSpan.FromSeconds(3)) throw new SecretsKitException(ExitCodes.Generic, "--lock-ttl must be at least 3s (the lock is renewed every third of it)");
        return settings;
    }

    private static TimeSpan Duration(string text, string flag) =>
        Go.Time.GoDuration.TryParse(text, out var d) && d >= TimeSpan.Zero ? d
            : throw new SecretsKitException(ExitCodes.Generic, $"{flag} must be a duration such as 30s, 10m or 1h (got '{Echo.Bounded(text)}')");
}
