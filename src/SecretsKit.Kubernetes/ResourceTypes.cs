namespace SecretsKit.Kubernetes;

/// <summary>The resource types SecretsKit works with.</summary>
public static class ResourceTypes
{
    public static readonly ResourceType Namespace = new("", "v1", "namespaces", "Namespace", false);
    public static readonly ResourceType Secret = new("", "v1", "secrets", "Secret", true);
    public static readonly ResourceType ServiceAccount = new("", "v1", "serviceaccounts", "ServiceAccount", true);
    public static readonly ResourceType ConfigMap = new("", "v1", "configmaps", "ConfigMap", true);
    public static readonly ResourceType Service = new("", "v1", "services", "Service", true);
    public static readonly ResourceType Event = new("", "v1", "events", "Event", true);
    public static readonly ResourceType EventV1 = new("events.k8s.io", "v1", "events", "Event", true);
    public static readonly ResourceType Lease = new("coordination.k8s.io", "v1", "leases", "Lease", true);
    public static readonly ResourceType Deployment = new("apps", "v1", "deployments", "Deployment", true);
    public static readonly ResourceType StatefulSet = new("apps", "v1", "statefulsets", "StatefulSet", true);
    public static readonly ResourceType ExternalSecret = new("external-secrets.io", "v1", "externalsecrets", "ExternalSecret", true);
    public static readonly ResourceType SecretStore = new("external-secrets.io", "v1", "secretstores", "SecretStore", true);
    public static readonly ResourceType ClusterExternalSecret = new("external-secrets.io", "v1", "clusterexternalsecrets", "ClusterExternalSecret", false);
    public static readonly ResourceType ClusterSecretStore = new("external-secrets.io", "v1", "clustersecretstores", "ClusterSecretStore", false);
    public static readonly ResourceType Password = new("generators.external-secrets.io", "v1alpha1", "passwords", "Password", true);
    public static readonly ResourceType Uuid = new("generators.external-secrets.io", "v1alpha1", "uuids", "UUID", true);
    public static readonly ResourceType ClusterGenerator = new("generators.external-secrets.io", "v1alpha1", "clustergenerators", "ClusterGenerator", false);
    public static readonly ResourceType GeneratorState = new("generators.external-secrets.io", "v1alpha1", "generatorstates", "GeneratorState", true);
    public static readonly ResourceType SopsSecret = new("secretskit.io", "v1alpha1", "sopssecrets", "SopsSecret", true);
    public static readonly ResourceType PushSecret = new("external-secrets.io", "v1alpha1", "pushsecrets", "PushSecret", true);
}
