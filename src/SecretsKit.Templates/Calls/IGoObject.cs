using SecretsKit.Go.Values;

namespace SecretsKit.Templates.Calls;

/// <summary>
/// A Go value with methods templates call by name (sprig's <c>*semver.Version</c>): <c>{{ $v.Major }}</c>,
/// <c>{{ $v.Compare $w }}</c>; the last name of a chain gets the arguments. The runtime's own values with methods
/// (<c>time.Time</c>, <c>time.Month</c>) get theirs from <see cref="GoMethods"/>.
/// </summary>
public interface IGoObject : IGoValue
{
    /// <summary>The method named <paramref name="name"/>, or null (then the template fails with <c>can't evaluate field</c>).</summary>
    TemplateFunction? Method(string name);
}
