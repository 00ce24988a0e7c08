namespace SecretsKit.Cel.Values;

/// <summary>A value of a library type (Kubernetes quantity, IP, CIDR, URL, format): its CEL type; equality is the
/// object's own <see cref="object.Equals(object)"/>.</summary>
public interface ICelObject
{
    CelType CelType { get; }
}
