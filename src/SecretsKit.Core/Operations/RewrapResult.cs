namespace SecretsKit.Core.Operations;

/// <summary>The result of rewrapping: the file to write (values, MAC and lastmodified untouched) and what changed.</summary>
public sealed record RewrapResult(EncryptedFile File, KeyGroupDiff Diff);
