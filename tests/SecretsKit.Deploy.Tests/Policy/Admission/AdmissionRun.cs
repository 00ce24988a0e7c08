using SecretsKit.Deploy.Policy;
using SecretsKit.Deploy.Policy.Admission;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Deploy.Tests.Policy.Admission;

/// <summary>Runs the policy scanner over rendered objects with the cluster's admission configuration beside them, and keeps the admission policies' findings.</summary>
internal static class AdmissionRun
{
    public static PolicyReport Scan(string cluster, string rendered, string? defaultNamespace = null, AdmissionLimits? limits = null) =>
        new PolicyScanner(new PolicyOptions
        {
            AdmissionSources = cluster.Length == 0 ? [] : [new ManifestSource("cluster", cluster)],
            AdmissionLimits = limits,
        }).Scan([new ManifestSource("rendered", rendered, defaultNamespace)], CancellationToken.None);

    public static List<PolicyFinding> Findings(string cluster, string rendered, string? defaultNamespace = null) =>
        [.. Scan(cluster, rendered, defaultNamespace).Findings.Where(f => f.Admission)];

    /// <summary>Binding <c>b</c> of policy <c>p</c>, Deny, matching everything the policy matches (from a new line on).</summary>
    public const string BindingOfP = "\n" + """
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: b}
        spec: {policyName: p, validationActions: [Deny]}

        """;

    public static string Deployment(string name, int replicas, string ns = "default", string image = "example.com/app:1.0", string labels = "{}") => $$"""
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: {{name}}, namespace: {{ns}}, labels: {{labels}} }
        spec:
          replicas: {{replicas}}
          selector: {matchLabels: {app: {{name}} } }
          template:
            metadata: {labels: {app: {{name}} } }
            spec:
              containers:
                - {name: app, image: "{{image}}"}

        """;

    public static string Namespace(string name, string labels) => $$"""
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: {{name}}, labels: {{labels}} }

        """;

    /// <summary>The Kubernetes docs' first example: replicas ≤ 5 for apps/v1 deployments.</summary>
    public const string DemoPolicy = """
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: demo-policy.example.com}
        spec:
          failurePolicy: Fail
          matchConstraints:
            resourceRules:
              - apiGroups: [apps]
                apiVersions: [v1]
                operations: [CREATE, UPDATE]
                resources: [deployments]
          validations:
            - expression: "object.spec.replicas <= 5"

        """;

    public static string DemoBinding(string actions = "[Deny]", string matchResources = "{namespaceSelector: {matchLabels: {environment: test}}}") => $$"""
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: demo-binding-test.example.com}
        spec:
          policyName: demo-policy.example.com
          validationActions: {{actions}}
          matchResources: {{matchResources}}

        """;
}
