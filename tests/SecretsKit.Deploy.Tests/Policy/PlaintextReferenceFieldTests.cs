using SecretsKit.Deploy.Policy;
using SecretsKit.Deploy.Policy.Provenance;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Deploy.Tests.Policy;

/// <summary>
/// SK-PLAINTEXT-001 and the fields where Kubernetes wants a Secret's name (or one of its keys, or an image): a value
/// decrypted from a whole-file-encrypted values file and rendered there is a reference, not a leak; the same value
/// anywhere else still is, and a value that is not a name stays a finding even in a reference field.
/// </summary>
public sealed class PlaintextReferenceFieldTests
{
    /// <summary>A name kept in the encrypted file under a key that says nothing about it (so only the field decides).</summary>
    private const string Name = "shop-credentials-7a";

    /// <summary>What a password looks like: not a Kubernetes name (upper case, <c>!</c>).</summary>
    private const string Password = "Sh0p-Passw0rd!x9";

    private static readonly string Workload = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app, namespace: shop}
        spec:
          selector: {matchLabels: {app: app}}
          template:
            metadata: {labels: {app: app}}
            spec:
        """;

    public static TheoryData<string, string, string> Fields => new()
    {
        { "imagePullSecrets[].name", Workload + "\n      imagePullSecrets: [{name: \"V\"}]\n      containers: [{name: app, image: app}]", "spec.template.spec.imagePullSecrets[0].name" },
        { "env secretKeyRef.name", Workload + "\n      containers: [{name: app, image: app, env: [{name: A, valueFrom: {secretKeyRef: {name: \"V\", key: password}}}]}]", "spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name" },
        { "env secretKeyRef.key", Workload + "\n      containers: [{name: app, image: app, env: [{name: A, valueFrom: {secretKeyRef: {name: app, key: \"V\"}}}]}]", "spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key" },
        { "envFrom secretRef.name", Workload + "\n      containers: [{name: app, image: app, envFrom: [{secretRef: {name: \"V\"}}]}]", "spec.template.spec.containers[0].envFrom[0].secretRef.name" },
        { "volumes[].secret.secretName", Workload + "\n      containers: [{name: app, image: app}]\n      volumes: [{name: s, secret: {secretName: \"V\"}}]", "spec.template.spec.volumes[0].secret.secretName" },
        { "volumes[].secret.items[].key", Workload + "\n      containers: [{name: app, image: app}]\n      volumes: [{name: s, secret: {secretName: app, items: [{key: \"V\", path: x}]}}]", "spec.template.spec.volumes[0].secret.items[0].key" },
        { "volumes[].secret.items[].path", Workload + "\n      containers: [{name: app, image: app}]\n      volumes: [{name: s, secret: {secretName: app, items: [{key: k, path: \"V\"}]}}]", "spec.template.spec.volumes[0].secret.items[0].path" },
        { "projected.sources[].secret.name", Workload + "\n      containers: [{name: app, image: app}]\n      volumes: [{name: p, projected: {sources: [{secret: {name: \"V\"}}]}}]", "spec.template.spec.volumes[0].projected.sources[0].secret.name" },
        { "csi nodePublishSecretRef.name", Workload + "\n      containers: [{name: app, image: app}]\n      volumes: [{name: c, csi: {driver: d.example.com, nodePublishSecretRef: {name: \"V\"}}}]", "spec.template.spec.volumes[0].csi.nodePublishSecretRef.name" },
        { "Ingress tls[].secretName", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  tls: [{hosts: [shop.example.com], secretName: \"V\"}]", "spec.tls[0].secretName" },
        { "a *SecretName field", "apiVersion: example.com/v1\nkind: Broker\nmetadata: {name: b, namespace: shop}\nspec: {tlsSecretName: \"V\"}", "spec.tlsSecretName" },
        { "an existingSecret field", "apiVersion: example.com/v1\nkind: Database\nmetadata: {name: db, namespace: shop}\nspec: {auth: {existingSecret: \"V\"}}", "spec.auth.existingSecret" },
        { "an operator's *SecretRef.name", "apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata: {name: le, namespace: shop}\nspec: {acme: {solvers: [{dns01: {cloudflare: {apiTokenSecretRef: {name: \"V\", key: api-token}}}}]}}", "spec.acme.solvers[0].dns01.cloudflare.apiTokenSecretRef.name" },
        { "ServiceAccount imagePullSecrets[].name", "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, namespace: shop}\nimagePullSecrets: [{name: \"V\"}]", "imagePullSecrets[0].name" },
        { "a Secret's own name", "apiVersion: v1\nkind: Secret\nmetadata: {name: \"V\", namespace: shop}\ntype: kubernetes.io/dockerconfigjson\ndata: {}", "metadata.name" },
        { "ExternalSecret target.name", "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: es, namespace: shop}\nspec: {target: {name: \"V\"}}", "spec.target.name" },
        { "a container's image", Workload + "\n      containers: [{name: app, image: \"V\"}]", "spec.template.spec.containers[0].image" },
    };

    private static ValueProvenance Values(string value)
    {
        var values = new ValueProvenance();
        values.AddFile("environments/staging/secrets.yaml", $"refs:\n  one: \"{value}\"\n", encrypted: true);
        return values;
    }

    private static List<PolicyFinding> Leaks(string manifest, string value) =>
        [.. new PolicyScanner(new PolicyOptions { Values = Values(value) })
            .Scan([new ManifestSource("rendered", manifest.Replace("\"V\"", $"\"{value}\"", StringComparison.Ordinal))], CancellationToken.None)
            .Findings.Where(f => f.Id == "SK-PLAINTEXT-001")];

    [Theory]
    [MemberData(nameof(Fields))]
    public void A_decrypted_name_in_a_reference_field_is_no_leak_and_a_password_there_is(string field, string manifest, string path)
    {
        Assert.True(Leaks(manifest, Name).Count == 0, field);

        var leak = Assert.Single(Leaks(manifest, Password));
        Assert.Equal(path, leak.Path);
        Assert.Contains("values key refs.one (environments/staging/secrets.yaml)", leak.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, leak.Path + leak.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_under_a_secret_map_of_a_custom_resource_is_a_value_not_a_reference()
    {
        // only …SecretRef and secretKeyRef name keys; secret: {key: …} or secrets: {key: …} may hold the value itself
        var manifest = """
            apiVersion: example.com/v1
            kind: Signer
            metadata: {name: jwt, namespace: shop}
            spec: {secret: {key: "V"}, secrets: {key: "V"}}
            """;
        Assert.Equal(["spec.secret.key", "spec.secrets.key"], Leaks(manifest, Name).Select(f => f.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_same_decrypted_name_outside_a_reference_field_is_still_a_leak()
    {
        var manifest = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: app-config, namespace: shop, annotations: {example.com/pull: "V"}}
            data: {PULL_SECRET: "V"}
            """;
        Assert.Equal(["data.PULL_SECRET", "metadata.annotations[\"example.com/pull\"]"], Leaks(manifest, Name).Select(f => f.Path).Order(StringComparer.Ordinal));
    }
}
