namespace SecretsKit.Core.GoTemplate.Functions;

/// <summary>sprig's <c>semverCompare CONSTRAINT VERSION</c> and <c>semver</c>.</summary>
internal static class SemverFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["semverCompare"] = c =>
        {
            var constraint = SemverConstraint.Parse(c.Exactly(2).String(0));
            var version = Semver.TryParse(c.String(1)) ?? throw new TemplateFunctionException("Invalid Semantic Version");
            return constraint.Matches(version);
        };
        t["semver"] = c =>
        {
            var v = Semver.TryParse(c.Exactly(1).String(0)) ?? throw new TemplateFunctionException("Invalid Semantic Version");
            return new GoStruct("*semver.Version", new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["Major"] = v.Major, ["Minor"] = v.Minor, ["Patch"] = v.Patch, ["Prerelease"] = v.Prerelease,
            });
        };
    }
}
