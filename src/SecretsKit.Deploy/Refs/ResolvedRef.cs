namespace SecretsKit.Deploy.Refs;

/// <summary>A resolved value: its text, and whether it is a typed scalar (number/bool/null) to be written unquoted.</summary>
public sealed record ResolvedRef(string Text, bool Typed)
{
    public override string ToString() => $"ResolvedRef({Text.Length} chars, typed: {Typed})";
}
