using SecretsKit.Deploy.Tests.Validation;
using System.Text.RegularExpressions;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Tests.Validation.Schema;

/// <summary>
/// <see cref="SchemaKey.Parse"/> against the shapes Kubernetes allows, written as anchored regular expressions (the
/// oracle; <c>\z</c>, not <c>$</c>, which would also match before a final line feed).
/// </summary>
public sealed class SchemaKeyTests
{
    private static readonly Regex ApiVersion = new(@"\A(?:(?<g>[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*)/)?(?<v>[a-z0-9]{1,32})\z", RegexOptions.CultureInvariant);
    private static readonly Regex Kind = new(@"\A[A-Za-z][A-Za-z0-9]{0,62}\z", RegexOptions.CultureInvariant);

    public static TheoryData<string, string> Cases()
    {
        var label63 = new string('a', 62) + "b";
        var cases = new TheoryData<string, string>();
        foreach (var apiVersion in new[]
                 {
                     "v1", "apps/v1", "gateway.networking.k8s.io/v1beta1", "external-secrets.io/v1", "a/b", "0/1", $"{label63}.io/v1",
                     $"{label63}x.io/v1", "/v1", "apps/", "", "apps//v1", "apps/v1/x", "Apps/v1", "apps/V1", "-apps/v1", "apps-/v1",
                     "a..b/v1", ".a/v1", "a./v1", "a_b/v1", "v1\n", "apps/v1\n", "v1 ", " v1", new string('v', 32), new string('v', 33),
                     "x.y.z.w/v2alpha1", "é/v1", "apps/v1é",
                 })
        {
            foreach (var kind in new[] { "Deployment", "HTTPRoute", "a", "A1", "1A", "", "Kind\n", "My-Kind", "K" + new string('k', 62), "K" + new string('k', 63), "Kïnd" })
            {
                cases.Add(apiVersion, kind);
            }
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_accepts_exactly_the_shapes_kubernetes_allows(string apiVersion, string kind)
    {
        var key = SchemaKey.Parse(apiVersion, kind);
        var m = ApiVersion.Match(apiVersion);
        if (!m.Success || !Kind.IsMatch(kind))
        {
            Assert.Null(key);
            return;
        }
        Assert.Equal(new SchemaKey(m.Groups["g"].Value, m.Groups["v"].Value, kind), key);
        Assert.Equal(apiVersion, key!.ApiVersion);
    }

    [Fact]
    public void Parse_of_nothing_is_nothing()
    {
        Assert.Null(SchemaKey.Parse(null, "Deployment"));
        Assert.Null(SchemaKey.Parse("v1", null));
    }
}
