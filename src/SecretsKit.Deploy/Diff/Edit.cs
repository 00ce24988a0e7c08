namespace SecretsKit.Deploy.Diff;

/// <summary>A step with the indexes of its line on each side (−1 for the side it is not on).</summary>
internal readonly record struct Edit(EditKind Kind, int OldIndex, int NewIndex);
