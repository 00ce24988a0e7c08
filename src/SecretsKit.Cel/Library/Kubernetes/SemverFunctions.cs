using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library.Kubernetes;

/// <summary>Kubernetes' semver library: <c>semver(s)</c> and <c>semver(s, normalize)</c>, <c>isSemver(s)</c> and
/// <c>isSemver(s, normalize)</c>, <c>major()</c>, <c>minor()</c>, <c>patch()</c>, <c>isGreaterThan()</c>,
/// <c>isLessThan()</c>, <c>compareTo()</c>.</summary>
internal static class SemverFunctions
{
    public static void Register(FunctionRegistry registry)
    {
        registry
            .Global("semver", (_, a) => a switch
            {
                [string s] => (object?)CelSemver.Parse(s, normalize: false) ?? Invalid(s),
                [string s, bool normalize] => (object?)CelSemver.Parse(s, normalize) ?? Invalid(s),
                _ => CelError.NoOverload("semver"),
            })
            .Global("isSemver", (_, a) => a switch
            {
                [string s] => CelSemver.Parse(s, normalize: false) is not null,
                [string s, bool normalize] => CelSemver.Parse(s, normalize) is not null,
                _ => CelError.NoOverload("isSemver"),
            })
            .Member("major", (_, a) => a is [CelSemver v] ? (long)v.Major : CelError.NoOverload("major"))
            .Member("minor", (_, a) => a is [CelSemver v] ? (long)v.Minor : CelError.NoOverload("minor"))
            .Member("patch", (_, a) => a is [CelSemver v] ? (long)v.Patch : CelError.NoOverload("patch"))
            .Member("isGreaterThan", Chain("isGreaterThan", registry.FindMember("isGreaterThan"), (x, y) => x.CompareTo(y) > 0))
            .Member("isLessThan", Chain("isLessThan", registry.FindMember("isLessThan"), (x, y) => x.CompareTo(y) < 0))
            .Member("compareTo", Chain("compareTo", registry.FindMember("compareTo"), (x, y) => (long)x.CompareTo(y)));
    }

    private static CelError Invalid(string text) => CelError.Invalid($"invalid semver: {text}");

    /// <summary>The semver overload, falling back to the quantity library's function of the same name.</summary>
    private static CelFunction Chain(string name, CelFunction? other, Func<CelSemver, CelSemver, object> op) => (context, args) =>
        args is [CelSemver x, CelSemver y] ? op(x, y) : other is not null ? other(context, args) : CelError.NoOverload(name);
}
