using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>sprig's <c>semver VERSION</c> (a <see cref="GoSemver"/> object) and <c>semverCompare CONSTRAINT VERSION</c>.</summary>
internal static class SemverFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["semverCompare"] = c =>
        {
            var constraint = GoSemverConstraint.Parse(c.Exactly(2).String(0));
            return GoSemverConstraint.Check(constraint, GoSemver.Parse(c.String(1)));
        };
        t["semver"] = c => GoSemver.Parse(c.Exactly(1).String(0));
    }
}
