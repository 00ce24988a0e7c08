namespace SecretsKit.Cel.Values;

/// <summary>A CEL type value (what <c>type(x)</c> returns and <c>int</c>, <c>string</c>, … denote).</summary>
public sealed record CelType(string Name)
{
#pragma warning disable CA1720 // the members are named after the CEL types they denote

    public static readonly CelType Int = new("int");
    public static readonly CelType UInt = new("uint");
    public static readonly CelType Double = new("double");
    public static readonly CelType Bool = new("bool");
    public static readonly CelType String = new("string");
    public static readonly CelType Bytes = new("bytes");
    public static readonly CelType List = new("list");
    public static readonly CelType Map = new("map");
    public static readonly CelType Null = new("null_type");
    public static readonly CelType Type = new("type");
    public static readonly CelType Timestamp = new("google.protobuf.Timestamp");
    public static readonly CelType Duration = new("google.protobuf.Duration");
    public static readonly CelType Optional = new("optional_type");
    public static readonly CelType Dyn = new("dyn");
#pragma warning restore CA1720

    /// <summary>The type names an identifier can denote.</summary>
    internal static readonly IReadOnlyDictionary<string, CelType> Named = new[]
    {
        Int, UInt, Double, Bool, String, Bytes, List, Map, Null, Type, Timestamp, Duration, Optional,
        new("net.IP"), new("net.CIDR"), new("kubernetes.URL"), new("kubernetes.Quantity"), new("kubernetes.NamedFormat"), new("kubernetes.Semver"),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public override string ToString() => Name;
}
