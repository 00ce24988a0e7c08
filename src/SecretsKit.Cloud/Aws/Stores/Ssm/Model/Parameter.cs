namespace SecretsKit.Cloud.Aws.Stores.Ssm.Model;

/// <summary>One parameter: name, type (<c>String</c>, <c>StringList</c>, <c>SecureString</c>), value and version.</summary>
public sealed class Parameter
{
    public string? Name { get; set; }

    public string? Type { get; set; }

    public string? Value { get; set; }

    public long Version { get; set; }

    public string? Selector { get; set; }

    public string? ARN { get; set; }

    public double? LastModifiedDate { get; set; }

    public string? DataType { get; set; }
}
