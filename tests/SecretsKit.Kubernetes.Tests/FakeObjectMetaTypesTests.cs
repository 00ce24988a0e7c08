using System.Net;
using System.Text.Json.Nodes;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Kubernetes.Tests;

/// <summary>
/// The fake API server refuses a label or annotation that is not a string as the real one does (400 for a built-in type,
/// 422 for a custom resource), instead of storing it and answering 500 when a label selector later reads it.
/// </summary>
public sealed class FakeObjectMetaTypesTests
{
    [Fact]
    public async Task A_secret_with_a_number_as_a_label_value_is_a_bad_request_naming_the_go_decoder_error()
    {
        await using var c = await FakeCluster.StartAsync();
        var secret = FakeCluster.Secret("s");
        secret["metadata"]!["labels"] = new JsonObject { ["tier"] = 5 };

        var e = await Assert.ThrowsAnyAsync<KubernetesApiException>(() => c.Client.CreateAsync(ResourceTypes.Secret, secret));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Contains("Secret in version \"v1\" cannot be handled as a Secret: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string", e.Status!.Message, StringComparison.Ordinal);
        var selected = await c.Client.ListAsync(ResourceTypes.Secret, "default", new ListOptions { LabelSelector = "tier=5" });
        Assert.Empty(selected.Items);
    }

    [Fact]
    public async Task A_custom_resource_with_a_boolean_annotation_or_a_list_of_labels_is_invalid()
    {
        await using var c = await FakeCluster.StartAsync();
        var es = KubeObjectMetadata.New(ResourceTypes.ExternalSecret, "es", "default");
        es["spec"] = new JsonObject();
        es["metadata"]!["annotations"] = new JsonObject { ["a"] = true };

        var e = await Assert.ThrowsAnyAsync<KubernetesApiException>(() => c.Client.CreateAsync(ResourceTypes.ExternalSecret, es));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.StatusCode);
        Assert.Contains("metadata: Invalid value: \"object\": json: cannot unmarshal bool into Go struct field ObjectMeta.annotations of type string", e.Status!.Message, StringComparison.Ordinal);

        es["metadata"]!["annotations"] = null;
        es["metadata"]!["labels"] = new JsonArray("a");
        var list = await Assert.ThrowsAnyAsync<KubernetesApiException>(() => c.Client.CreateAsync(ResourceTypes.ExternalSecret, es));
        Assert.Contains("cannot unmarshal array into Go struct field ObjectMeta.labels of type map[string]string", list.Status!.Message, StringComparison.Ordinal);
    }
}
