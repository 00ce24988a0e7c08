namespace SecretsKit.Agent.Tests.TenantHosts;

/// <summary>
/// A generator, store or webhook that takes a host from a tenant's spec: how to set it up in the agent's cluster with
/// the case's URL (<see cref="Arrange"/>, after <see cref="PrepareAsync"/> set the provider options), whether its spec
/// takes only https (then the hostile servers speak TLS under the test CA), and the words and budget of its
/// "too large" failure.
/// </summary>
internal sealed record TenantHostRow(string Name, Action<AgentCluster, TenantHostCase> Arrange, string TooLarge, long Limit)
{
    /// <summary>Sets the case's provider options and starts what the row needs besides the host (default nothing).</summary>
    public Func<TenantHostCase, Task> PrepareAsync { get; init; } = _ => Task.CompletedTask;

    /// <summary>Whether the spec takes only https, so the hostile servers speak TLS with a certificate of the test CA.</summary>
    public bool Tls { get; init; }

    public override string ToString() => Name;
}
