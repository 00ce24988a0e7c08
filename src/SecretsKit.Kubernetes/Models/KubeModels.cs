using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace SecretsKit.Kubernetes.Models;

/// <summary>Converts between <see cref="JsonObject"/> resources and the typed models.</summary>
public static class KubeModels
{
    public static T To<T>(JsonObject obj, JsonTypeInfo<T> typeInfo) =>
        obj.Deserialize(typeInfo) ?? throw new JsonException($"cannot read a {typeof(T).Name} from the response");

    public static JsonObject From<T>(T value, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.SerializeToNode(value, typeInfo) as JsonObject ?? throw new JsonException($"{typeof(T).Name} did not serialize to an object");

    public static V1Secret ToSecret(JsonObject obj) => To(obj, KubernetesJsonContext.Default.V1Secret);

    public static JsonObject FromSecret(V1Secret secret) => From(secret, KubernetesJsonContext.Default.V1Secret);

    public static V1Lease ToLease(JsonObject obj) => To(obj, KubernetesJsonContext.Default.V1Lease);

    public static JsonObject FromLease(V1Lease lease) => From(lease, KubernetesJsonContext.Default.V1Lease);

    public static V1ConfigMap ToConfigMap(JsonObject obj) => To(obj, KubernetesJsonContext.Default.V1ConfigMap);

    public static JsonObject FromConfigMap(V1ConfigMap map) => From(map, KubernetesJsonContext.Default.V1ConfigMap);

    public static CoreV1Event ToEvent(JsonObject obj) => To(obj, KubernetesJsonContext.Default.CoreV1Event);

    public static JsonObject FromEvent(CoreV1Event ev) => From(ev, KubernetesJsonContext.Default.CoreV1Event);
}
