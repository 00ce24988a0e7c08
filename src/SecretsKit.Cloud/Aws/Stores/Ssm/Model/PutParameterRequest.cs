namespace SecretsKit.Cloud.Aws.Stores.Ssm.Model;

/// <summary>Input of <c>PutParameter</c>: a new parameter (with tags, without <c>Overwrite</c>) or a new version of one (<c>Overwrite</c>, no tags).</summary>
public sealed class PutParameterRequest
{
    public string Name { get; set; } = "";

    public string Value { get; set; } = "";

    public string? Type { get; set; }

    public string? Description { get; set; }

    public string? KeyId { get; set; }

    public bool? Overwrite { get; set; }

    public string? Tier { get; set; }

    public string? Policies { get; set; }

    public List<Tag>? Tags { get; set; }
}
