namespace SecretsKit.Testing.Kubernetes;

/// <summary>A resource type the fake API server serves: group/version/plural, kind, scope and whether it has a status subresource.</summary>
public sealed record FakeResourceType(
    string Group,
    string Version,
    string Plural,
    string Kind,
    bool Namespaced,
    bool HasStatus = false,
    IReadOnlyList<string>? ShortNames = null)
{
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string Singular => Kind.ToLowerInvariant();

    public string Key => $"{Group}/{Version}/{Plural}";

    /// <summary>The group-qualified resource name used in error messages, e.g. <c>externalsecrets.external-secrets.io</c>.</summary>
    public string QualifiedPlural => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public static readonly FakeResourceType Namespace = new("", "v1", "namespaces", "Namespace", false, true, ["ns"]);
    public static readonly FakeResourceType Secret = new("", "v1", "secrets", "Secret", true);
    /// <summary>Not served until a test creates one (<see cref="FakeKubeApiServer.ServiceAccount"/>), so discovery stays as before.</summary>
    public static readonly FakeResourceType ServiceAccount = new("", "v1", "serviceaccounts", "ServiceAccount", true, false, ["sa"]);
    public static readonly FakeResourceType ConfigMap = new("", "v1", "configmaps", "ConfigMap", true, false, ["cm"]);
    public static readonly FakeResourceType CoreEvent = new("", "v1", "events", "Event", true, false, ["ev"]);
    public static readonly FakeResourceType EventsV1Event = new("events.k8s.io", "v1", "events", "Event", true, false, ["ev"]);
    public static readonly FakeResourceType Lease = new("coordination.k8s.io", "v1", "leases", "Lease", true);
    public static readonly FakeResourceType Deployment = new("apps", "v1", "deployments", "Deployment", true, true, ["deploy"]);
    public static readonly FakeResourceType StatefulSet = new("apps", "v1", "statefulsets", "StatefulSet", true, true, ["sts"]);
    public static readonly FakeResourceType ExternalSecret = new("external-secrets.io", "v1", "externalsecrets", "ExternalSecret", true, true, ["es"]);
    public static readonly FakeResourceType SecretStore = new("external-secrets.io", "v1", "secretstores", "SecretStore", true, true, ["ss"]);
    public static readonly FakeResourceType ClusterSecretStore = new("external-secrets.io", "v1", "clustersecretstores", "ClusterSecretStore", false, true, ["css"]);
    public static readonly FakeResourceType SopsSecret = new("secretskit.io", "v1alpha1", "sopssecrets", "SopsSecret", true, true);
    public static readonly FakeResourceType PushSecret = new("external-secrets.io", "v1alpha1", "pushsecrets", "PushSecret", true, true);

    /// <summary>Every type the fake registers by default.</summary>
    public static IReadOnlyList<FakeResourceType> Defaults { get; } =
    [
        Namespace, Secret, ConfigMap, CoreEvent, EventsV1Event, Lease, Deployment, StatefulSet,
        ExternalSecret, SecretStore, ClusterSecretStore, SopsSecret,
        PushSecret,
    ];
}
