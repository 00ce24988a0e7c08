namespace SecretsKit.Core.Keys;

/// <summary>
/// How a kind travels in sops's key service protocol (<c>KeyService/keyservice.proto</c>): its field number in the
/// <c>Key</c> oneof, and the metadata field carried by each numbered string field of its message (<c>KmsKey</c>:
/// <c>arn</c> = 1, <c>role</c> = 2, <c>aws_profile</c> = 4). <see cref="ContextField"/> is the field number of a
/// <c>map&lt;string, string&gt;</c> holding the entry's context (KMS: 3), or 0 for none.
/// </summary>
public sealed record KeyServiceShape(int OneofField, IReadOnlyList<(int Number, string MetadataField)> Fields, int ContextField = 0);
