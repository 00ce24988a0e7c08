namespace SecretsKit.Go.Values;

/// <summary>
/// A Go value of a type of its own (sprig's <c>*semver.Version</c>, a <c>time.Time</c>, a typed nil): its <c>%T</c> and
/// <c>reflect.Kind</c>, and what <c>fmt</c> prints for it when it has a <c>String</c> method (Go's <c>fmt.Stringer</c>).
/// </summary>
public interface IGoValue
{
    /// <summary>Go's <c>%T</c>, e.g. <c>*semver.Version</c>.</summary>
    string TypeName { get; }

    /// <summary>Go's <c>reflect.Kind</c> name (<c>ptr</c>, <c>struct</c>), for <c>kindOf</c>.</summary>
    string Kind { get; }

    /// <summary>What <c>%v</c>/<c>%s</c> print (a <c>String()</c> method), or null to print the fields.</summary>
    string? TryFormat();
}
