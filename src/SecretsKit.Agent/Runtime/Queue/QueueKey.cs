namespace SecretsKit.Agent.Runtime.Queue;

/// <summary>What a work-queue item names: the resource kind (which controller handles it) and the object.</summary>
internal readonly record struct QueueKey(string Kind, string? Namespace, string Name)
{
    /// <summary><c>namespace/name</c> (cluster-scoped: <c>/name</c>), the form the reconcilers key their state by.</summary>
    public string ObjectKey => $"{Namespace}/{Name}";

    public override string ToString() => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
