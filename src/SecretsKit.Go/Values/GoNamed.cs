namespace SecretsKit.Go.Values;

/// <summary>A Go named type with a <c>String()</c> method (<c>time.Month</c>, <c>time.Weekday</c>): prints its name.</summary>
public sealed record GoNamed(string TypeName, string Kind, string Text) : IGoValue
{
    public string? TryFormat() => Text;
}
