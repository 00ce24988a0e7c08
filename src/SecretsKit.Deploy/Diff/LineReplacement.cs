namespace SecretsKit.Deploy.Diff;

/// <summary>Lines <paramref name="First"/>..<paramref name="Last"/> (0-based, inclusive) shown as <paramref name="With"/>.</summary>
internal sealed record LineReplacement(int First, int Last, IReadOnlyList<string> With);
