using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Kubernetes.Tests.Models;

/// <summary>
/// One owner-reference type for both readings of <c>metadata.ownerReferences</c>: the typed models' (source-generated
/// JSON) and the JSON objects' helpers give the same values, and the typed model writes back what it read.
/// </summary>
public sealed class OwnerReferenceTests
{
    private const string Secret = """
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"shop","ownerReferences":[
          {"apiVersion":"external-secrets.io/v1","kind":"ExternalSecret","name":"db","uid":"6f0c","controller":true,"blockOwnerDeletion":true},
          {"apiVersion":"v1","kind":"ConfigMap","name":"settings","uid":"a1b2"}]}}
        """;

    [Fact]
    public void The_typed_model_and_the_json_helpers_read_the_same_owners()
    {
        var typed = JsonSerializer.Deserialize(Secret, KubernetesJsonContext.Default.V1Secret)!;
        var helpers = JsonNode.Parse(Secret)!.AsObject().GetOwnerReferences();
        Assert.Equal(helpers, typed.Metadata.OwnerReferences);
        Assert.Equal(new OwnerReference("external-secrets.io/v1", "ExternalSecret", "db", "6f0c", true, true), helpers[0]);
        Assert.Equal(new OwnerReference("v1", "ConfigMap", "settings", "a1b2"), helpers[1]);
    }

    [Fact]
    public void The_typed_model_writes_back_what_it_read_and_leaves_out_what_is_unset()
    {
        var typed = JsonSerializer.Deserialize(Secret, KubernetesJsonContext.Default.V1Secret)!;
        var written = JsonNode.Parse(JsonSerializer.Serialize(typed, KubernetesJsonContext.Default.V1Secret))!["metadata"]!["ownerReferences"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Secret)!["metadata"]!["ownerReferences"], written), written.ToJsonString());
    }

    [Fact]
    public void A_field_the_server_leaves_out_reads_as_empty_in_both()
    {
        const string partial = """{"metadata":{"ownerReferences":[{"kind":"ExternalSecret","uid":"6f0c"}]}}""";
        var typed = JsonSerializer.Deserialize(partial, KubernetesJsonContext.Default.V1Secret)!.Metadata.OwnerReferences![0];
        Assert.Equal(new OwnerReference("", "ExternalSecret", "", "6f0c"), typed);
        Assert.Equal(typed, JsonNode.Parse(partial)!.AsObject().GetOwnerReferences()[0]);
    }

    [Fact]
    public void Set_replaces_an_owner_of_the_same_uid_and_writes_controller_only_when_set()
    {
        var obj = JsonNode.Parse(Secret)!.AsObject();
        obj.SetOwnerReference(new OwnerReference("v1", "ConfigMap", "renamed", "a1b2"));
        var owners = obj.GetOwnerReferences();
        Assert.Equal(2, owners.Count);
        Assert.Equal("renamed", owners[1].Name);
        Assert.Null(obj["metadata"]!["ownerReferences"]![1]!["controller"]);
    }
}
