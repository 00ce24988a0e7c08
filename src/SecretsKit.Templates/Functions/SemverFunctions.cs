using SecretsKit.Go;
using SecretsKit.Go.Text;
using SecretsKit.Go.Strconv;
using SecretsKit.Go.Time;
using SecretsKit.Go.Regexp;
using SecretsKit.Go.Json;
using SecretsKit.Go.Values;
using SecretsKit.Go.Fmt;
using SecretsKit.Go.Base64;
using SecretsKit.Go.Pem;
using SecretsKit.Go.Net;
using SecretsKit.Templates;
using SecretsKit.Templates.Syntax;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Yaml;
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
