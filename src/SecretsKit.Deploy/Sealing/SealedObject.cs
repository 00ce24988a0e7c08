namespace SecretsKit.Deploy.Sealing;

/// <summary>A Secret written sealed: the object that now stands for it (<c>SopsSecret</c> or the encrypted <c>Secret</c>).</summary>
public sealed record SealedObject(string Kind, string? Namespace, string Name, IReadOnlyList<string> Keys);
