using System.Text.Json.Serialization;

namespace SecretsKit.Kubernetes.Models;

/// <summary>Source-generated (AOT-safe) JSON metadata for the typed models; camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(V1Secret))]
[JsonSerializable(typeof(V1ConfigMap))]
[JsonSerializable(typeof(V1Lease))]
[JsonSerializable(typeof(CoreV1Event))]
[JsonSerializable(typeof(ObjectMeta))]
[JsonSerializable(typeof(ObjectReference))]
public sealed partial class KubernetesJsonContext : JsonSerializerContext;
