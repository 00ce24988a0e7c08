namespace SecretsKit.Agent.Model;

/// <summary>How a store is named in messages.</summary>
internal sealed record StoreDescription(string Kind, string? Namespace, string Name)
{
    public override string ToString() => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
