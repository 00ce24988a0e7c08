namespace SecretsKit.Kubernetes.Models;

/// <summary>
/// An entry of <c>metadata.ownerReferences</c>: the owner whose deletion garbage-collects this object. The one type for
/// both readings of it: the typed models' <see cref="ObjectMeta.OwnerReferences"/> (serialized with
/// <see cref="KubernetesJsonContext"/>; a field the server leaves out reads as empty) and the JSON objects' helpers
/// (<c>KubeObjectMetadata.GetOwnerReferences</c>, <c>SetOwnerReference</c>).
/// </summary>
public sealed record OwnerReference(string ApiVersion = "", string Kind = "", string Name = "", string Uid = "", bool? Controller = null, bool? BlockOwnerDeletion = null);
