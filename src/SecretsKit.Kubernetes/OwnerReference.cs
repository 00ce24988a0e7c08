namespace SecretsKit.Kubernetes;

/// <summary>An entry of <c>metadata.ownerReferences</c>: the owner whose deletion garbage-collects this object.</summary>
public sealed record OwnerReference(string ApiVersion, string Kind, string Name, string Uid, bool? Controller = null, bool? BlockOwnerDeletion = null);
