namespace SecretsKit.Cloud.Aws.Stores.Ssm.Model;

/// <summary>Output of <c>ListTagsForResource</c> (also read, empty, as the answer of the other tag calls and <c>DeleteParameter</c>).</summary>
public sealed class ListTagsForResourceResponse
{
    public List<Tag>? TagList { get; set; }
}
