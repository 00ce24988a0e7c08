namespace SecretsKit.Cloud.Aws.Stores.Ssm.Model;

/// <summary>
/// Input of <c>ListTagsForResource</c> (type and id only), <c>AddTagsToResource</c> (<see cref="Tags"/>) and
/// <c>RemoveTagsFromResource</c> (<see cref="TagKeys"/>); for a parameter the type is <c>Parameter</c> and the id its name.
/// </summary>
public sealed class ResourceTagsRequest
{
    public string ResourceType { get; set; } = "Parameter";

    public string ResourceId { get; set; } = "";

    public List<Tag>? Tags { get; set; }

    public List<string>? TagKeys { get; set; }
}
