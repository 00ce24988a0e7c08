namespace SecretsKit.Go.Values;

/// <summary>
/// A nil of a Go interface type with methods (an <c>error</c>) or of a pointer type, as a struct field holds it: false in
/// <c>if</c>, printed <c>&lt;nil&gt;</c> (Go digs into an <c>interface {}</c> only, so an untyped nil prints
/// <c>&lt;no value&gt;</c> where this one prints <c>&lt;nil&gt;</c>).
/// </summary>
public sealed class GoTypedNil : IGoValue
{
    /// <summary>A nil <c>error</c> (helmfile's <c>.Event.Error</c> when nothing failed).</summary>
    public static GoTypedNil Error { get; } = new();

    private GoTypedNil()
    {
    }

    public string TypeName => "<nil>";

    public string Kind => "invalid";

    public string? TryFormat() => "<nil>";
}
