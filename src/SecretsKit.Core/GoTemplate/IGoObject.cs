namespace SecretsKit.Core.GoTemplate;

/// <summary>
/// A Go value with methods (sprig's <c>*semver.Version</c>, a <c>time.Time</c>): templates call its methods by name
/// (<c>{{ $v.Major }}</c>, <c>{{ $v.Compare $w }}</c>; the last name of a chain gets the arguments), and <c>fmt</c> prints
/// it with its <c>String</c> method when <see cref="TryFormat"/> gives one (Go's <c>fmt.Stringer</c>).
/// </summary>
public interface IGoObject
{
    /// <summary>Go's <c>%T</c>, e.g. <c>*semver.Version</c>.</summary>
    string TypeName { get; }

    /// <summary>Go's <c>reflect.Kind</c> name (<c>ptr</c>, <c>struct</c>), for <c>kindOf</c>.</summary>
    string Kind { get; }

    /// <summary>The method named <paramref name="name"/>, or null (then the template fails with <c>can't evaluate field</c>).</summary>
    TemplateFunction? Method(string name);

    /// <summary>What <c>%v</c>/<c>%s</c> print (a <c>String()</c> method), or null to print the fields.</summary>
    string? TryFormat();
}
