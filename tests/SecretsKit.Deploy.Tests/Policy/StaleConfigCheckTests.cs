using SecretsKit.Deploy.Policy;
using SecretsKit.Deploy.Policy.Model;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Deploy.Tests.Policy;

/// <summary>
/// SK-ROLLOUT-001 on two renderings of one chart: a Secret or ConfigMap a workload mounts or reads into its environment
/// changes while the pod template does not (a finding naming the workload, the object and the fix, never a value); with a
/// checksum annotation, an unchanged Secret, a Secret the workload does not use, a new workload, or no deployed
/// rendering there is none.
/// </summary>
public sealed class StaleConfigCheckTests
{
    private const string Value = "s3cr3t-before-91ac";
    private const string Changed = "s3cr3t-after-4d7e";

    private static string Rendering(string secret, string config = "info", string annotations = "{}", string uses = "env") => $$"""
        ---
        # Source: app/templates/secret.yaml
        apiVersion: v1
        kind: Secret
        metadata: {name: app-creds, namespace: shop}
        stringData: {password: {{secret}} }
        ---
        # Source: app/templates/configmap.yaml
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-config, namespace: shop}
        data: {logLevel: {{config}} }
        ---
        # Source: app/templates/deployment.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app, namespace: shop}
        spec:
          selector: {matchLabels: {app: app} }
          template:
            metadata:
              labels: {app: app}
              annotations: {{annotations}}
            spec:
        {{Uses(uses)}}

        """;

    private static string Uses(string uses) => uses switch
    {
        "env" => """
                  containers:
                    - name: app
                      image: app:1
                      env: [{name: PASSWORD, valueFrom: {secretKeyRef: {name: app-creds, key: password}}}]
                      envFrom: [{configMapRef: {name: app-config}}]
            """,
        "volume" => """
                  containers: [{name: app, image: app:1}]
                  volumes:
                    - {name: creds, secret: {secretName: app-creds}}
                    - name: all
                      projected: {sources: [{configMap: {name: app-config}}]}
            """,
        _ => """
                  containers: [{name: app, image: app:1}]
            """,
    };

    private static List<PolicyFinding> Scan(string rendering, string? deployed) =>
    [
        .. new PolicyScanner(new PolicyOptions { Deployed = deployed is null ? null : [new ManifestSource("deployed", deployed)] })
            .Scan([new ManifestSource("rendered", rendering)], CancellationToken.None).Findings.Where(f => f.Id == "SK-ROLLOUT-001"),
    ];

    [Fact]
    public void A_Secret_read_by_env_valueFrom_that_changes_under_an_unchanged_pod_template_is_one_medium_finding_naming_the_fix_never_the_value()
    {
        var f = Assert.Single(Scan(Rendering(Changed), Rendering(Value)));
        Assert.Equal(("SK-ROLLOUT-001", PolicySeverity.Medium), (f.AvdId, f.Severity));
        Assert.Equal("spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name", f.Path);
        Assert.Contains("Deployment shop/app reads by env valueFrom Secret shop/app-creds, whose data changes in this release while the pod template does not", f.Message, StringComparison.Ordinal);
        Assert.Contains("checksum/secret: {{ include (print $.Template.BasePath \"/secret.yaml\") . | sha256sum }}", f.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", f.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_ConfigMap_read_by_envFrom_and_mounted_Secrets_and_projected_ConfigMaps_are_found_too()
    {
        var env = Assert.Single(Scan(Rendering(Value, config: "debug"), Rendering(Value)));
        Assert.Equal("spec.template.spec.containers[0].envFrom[0].configMapRef.name", env.Path);
        Assert.Contains("reads by envFrom ConfigMap shop/app-config", env.Message, StringComparison.Ordinal);
        Assert.Contains("checksum/config", env.Message, StringComparison.Ordinal);

        var mounted = Scan(Rendering(Changed, config: "debug", uses: "volume"), Rendering(Value, uses: "volume"));
        Assert.Equal(["spec.template.spec.volumes[0].secret.secretName", "spec.template.spec.volumes[1].projected.sources[0].configMap.name"],
            mounted.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.All(mounted, f => Assert.Contains("Deployment shop/app mounts ", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_checksum_annotation_that_follows_the_Secret_leaves_nothing_to_report()
    {
        Assert.Empty(Scan(Rendering(Changed, annotations: "{checksum/secret: b2c1}"), Rendering(Value, annotations: "{checksum/secret: 07aa}")));
        Assert.Empty(Scan(Rendering(Changed, uses: "volume", annotations: "{checksum/secret: b2c1}"), Rendering(Value, uses: "volume", annotations: "{checksum/secret: 07aa}")));
    }

    [Fact]
    public void An_unchanged_Secret_an_unused_one_a_new_workload_and_no_deployed_rendering_are_not_findings()
    {
        Assert.Empty(Scan(Rendering(Value), Rendering(Value)));
        Assert.Empty(Scan(Rendering(Changed, uses: "none"), Rendering(Value, uses: "none")));
        Assert.Empty(Scan(Rendering(Changed), Rendering(Value).Replace("name: app, namespace: shop", "name: old-app, namespace: shop", StringComparison.Ordinal)));
        Assert.Empty(Scan(Rendering(Changed), ""));
        Assert.Empty(Scan(Rendering(Changed), null));
    }

    [Fact]
    public void The_deployed_rendering_is_matched_by_namespace_so_another_namespaces_Secret_does_not_count()
    {
        var elsewhere = Rendering(Value).Replace("name: app-creds, namespace: shop", "name: app-creds, namespace: other", StringComparison.Ordinal);
        Assert.Empty(Scan(Rendering(Changed), elsewhere));
    }
}
