namespace SecretsKit.Core.Tree;

/// <summary>Raw bytes that need not be UTF-8: the binary store's data, or legacy <c>type:bytes</c>. Encrypted as <c>str</c>.</summary>
public sealed record BytesValue(byte[] Value) : TreeNode
{
    public bool Equals(BytesValue? other) => other is not null && Value.AsSpan().SequenceEqual(other.Value);

    public override int GetHashCode() => Value.Length;
}

/// <summary>A 64-bit integer (sops type <c>int</c>).</summary>
public sealed record IntValue(long Value) : TreeNode;

/// <summary>A double (sops type <c>float</c>).</summary>
public sealed record FloatValue(double Value) : TreeNode;

/// <summary>A boolean (sops type <c>bool</c>).</summary>
public sealed record BoolValue(bool Value) : TreeNode;

/// <summary>A timestamp with its offset (sops type <c>time</c>). <see cref="Nanoseconds"/> keeps sub-tick precision (0–99).</summary>
public sealed record TimeValue(DateTimeOffset Value, int Nanoseconds = 0) : TreeNode;

/// <summary>An explicit null; never encrypted nor MACed.</summary>
public sealed record NullValue : TreeNode
{
    public static NullValue Instance { get; } = new();
}

/// <summary>A comment line: the text after <c>#</c> (YAML/dotenv) or after the stripped <c>;</c>/<c>#</c> (INI).</summary>
public sealed record CommentValue(string Text, bool Inline = false) : TreeNode;
