using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library.Kubernetes;

/// <summary>A named format of Kubernetes' format library (<c>format.dns1123Label()</c>, <c>format.named(n)</c>):
/// <c>validate(s)</c> returns none when valid, else the list of error messages.</summary>
internal sealed record CelFormat(string Name, Func<string, List<string>> Check) : ICelObject
{
    public static readonly CelType Type = new("kubernetes.NamedFormat");

    public CelType CelType => Type;

    public override string ToString() => Name;
}
