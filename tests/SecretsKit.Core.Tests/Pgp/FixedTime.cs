namespace SecretsKit.Core.Tests.Pgp;

/// <summary>A clock stopped at one instant, so <c>created_at</c> can be asserted exactly.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
