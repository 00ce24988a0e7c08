using SecretsKit.Deploy.Policy.Model;
using static SecretsKit.Deploy.Tests.Policy.Admission.AdmissionRun;

namespace SecretsKit.Deploy.Tests.Policy.Admission;

/// <summary>The Kubernetes docs' ValidatingAdmissionPolicy examples, evaluated offline, with the API server's messages.</summary>
public sealed class AdmissionDocsExampleTests
{
    private const string Test = "{environment: test}";

    [Fact]
    public void The_replicas_demo_denies_six_replicas_in_a_test_namespace_with_the_API_servers_message()
    {
        var cluster = DemoPolicy + DemoBinding() + Namespace("shop", Test);
        var f = Assert.Single(Findings(cluster, Deployment("nginx", 6, "shop")));
        Assert.Equal("ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com' denied request: failed expression: object.spec.replicas <= 5", f.Message);
        Assert.Equal("demo-policy.example.com", f.Id);
        Assert.Equal(PolicySeverity.Critical, f.Severity);
        Assert.True(f.Fails);
        Assert.Equal("Deployment", f.Document.Kind);
        Assert.Equal("shop", f.Document.Namespace);

        // five replicas pass; six in a namespace without the label, or in one the input does not describe, are not matched
        Assert.Empty(Findings(cluster, Deployment("nginx", 5, "shop")));
        Assert.Empty(Findings(cluster + Namespace("prod", "{environment: prod}"), Deployment("nginx", 6, "prod")));
        Assert.Empty(Findings(cluster, Deployment("nginx", 6, "elsewhere")));
    }

    [Fact]
    public void A_namespace_rendered_with_the_chart_counts_for_the_namespace_selector()
    {
        var f = Assert.Single(Findings(DemoPolicy + DemoBinding(), Namespace("shop", Test) + Deployment("nginx", 9, "shop")));
        Assert.StartsWith("ValidatingAdmissionPolicy 'demo-policy.example.com' with binding", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Warn_and_Audit_are_reported_below_Deny_and_do_not_fail_the_run()
    {
        var cluster = DemoPolicy + DemoBinding("[Warn, Audit]", "{}");
        var findings = Findings(cluster, Deployment("nginx", 6));
        var warn = Assert.Single(findings, f => f.Severity == PolicySeverity.Medium);
        Assert.Equal("Validation failed for ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com': failed expression: object.spec.replicas <= 5", warn.Message);
        var audit = Assert.Single(findings, f => f.Severity == PolicySeverity.Low);
        Assert.Equal("validation.policy.admission.k8s.io/validation_failure: [{\"message\":\"failed expression: object.spec.replicas \\u003c= 5\",\"policy\":\"demo-policy.example.com\",\"binding\":\"demo-binding-test.example.com\",\"expressionIndex\":0,\"validationActions\":[\"Warn\",\"Audit\"]}]",
            audit.Message);
        Assert.Equal(2, findings.Count); // the annotation's JSON is Go's: HTML characters escaped
        Assert.All(findings, f => Assert.False(f.Fails));
    }

    private const string ReplicaLimitPolicy = """
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: replicalimit-policy.example.com}
        spec:
          failurePolicy: Fail
          paramKind: {apiVersion: rules.example.com/v1, kind: ReplicaLimit}
          matchConstraints:
            resourceRules:
              - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}
          validations:
            - expression: "object.spec.replicas <= params.maxReplicas"
              messageExpression: "'object.spec.replicas must be no greater than ' + string(params.maxReplicas)"
              reason: Invalid
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: replicalimit-binding-test.example.com}
        spec:
          policyName: replicalimit-policy.example.com
          validationActions: [Deny]
          paramRef: {name: replica-limit-test.example.com, namespace: default, parameterNotFoundAction: Deny}
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: replicalimits.rules.example.com}
        spec:
          group: rules.example.com
          scope: Namespaced
          names: {kind: ReplicaLimit, plural: replicalimits}
          versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}]

        """;

    private const string ReplicaLimit = """
        ---
        apiVersion: rules.example.com/v1
        kind: ReplicaLimit
        metadata: {name: replica-limit-test.example.com, namespace: default}
        maxReplicas: 3

        """;

    [Fact]
    public void A_CRD_param_gives_the_limit_and_the_messageExpression_the_message()
    {
        var f = Assert.Single(Findings(ReplicaLimitPolicy + ReplicaLimit, Deployment("web", 4, "shop")));
        Assert.Equal("ValidatingAdmissionPolicy 'replicalimit-policy.example.com' with binding 'replicalimit-binding-test.example.com' denied request: object.spec.replicas must be no greater than 3", f.Message);
        Assert.Empty(Findings(ReplicaLimitPolicy + ReplicaLimit, Deployment("web", 3, "shop")));
    }

    [Fact]
    public void A_missing_param_with_Deny_is_the_API_servers_configuration_denial_and_with_Allow_nothing()
    {
        var f = Assert.Single(Findings(ReplicaLimitPolicy, Deployment("web", 1)));
        Assert.Equal("ValidatingAdmissionPolicy 'replicalimit-policy.example.com' with binding 'replicalimit-binding-test.example.com' denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction",
            f.Message);
        Assert.Empty(Findings(ReplicaLimitPolicy.Replace("parameterNotFoundAction: Deny", "parameterNotFoundAction: Allow", StringComparison.Ordinal), Deployment("web", 9)));
    }

    [Fact]
    public void A_ConfigMap_param_in_the_requests_namespace_is_found_by_selector()
    {
        const string policy = """
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: max-replicas}
            spec:
              paramKind: {apiVersion: v1, kind: ConfigMap}
              matchConstraints: {resourceRules: [{apiGroups: ["*"], apiVersions: ["*"], operations: ["*"], resources: ["*"]}]}
              validations:
                - expression: "!has(object.spec) || !has(object.spec.replicas) || object.spec.replicas <= int(params.data.max)"
                  message: too many replicas
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata: {name: max-replicas-per-namespace}
            spec:
              policyName: max-replicas
              validationActions: [Deny]
              paramRef: {selector: {matchLabels: {limits: replicas}}, parameterNotFoundAction: Allow}

            """;
        const string limits = """
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: limits, namespace: shop, labels: {limits: replicas}}
            data: {max: "2"}

            """;
        var denied = Findings(policy, limits + Deployment("web", 3, "shop"));
        var f = Assert.Single(denied);
        Assert.Equal("ValidatingAdmissionPolicy 'max-replicas' with binding 'max-replicas-per-namespace' denied request: too many replicas", f.Message);
        Assert.Equal("web", f.Document.Name);
        // another namespace has no such ConfigMap: Allow, nothing evaluated
        Assert.Empty(Findings(policy, limits + Deployment("web", 3, "other")));
    }

    private const string MatchConditionsPolicy = """
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: demo-policy.example.com}
        spec:
          matchConstraints:
            resourceRules:
              - {apiGroups: ["*"], apiVersions: ["*"], operations: [CREATE, UPDATE], resources: ["*"]}
          matchConditions:
            - name: exclude-leases
              expression: '!(request.resource.group == "coordination.k8s.io" && request.resource.resource == "leases")'
            - name: exclude-kubelet-requests
              expression: '!("system:nodes" in request.userInfo.groups)'
            - name: rbac
              expression: 'request.resource.group != "rbac.authorization.k8s.io"'
          validations:
            - expression: "!object.metadata.name.contains('demo') || object.metadata.namespace == 'demo'"
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: demo-binding}
        spec: {policyName: demo-policy.example.com, validationActions: [Deny]}

        """;

    [Fact]
    public void Match_conditions_leave_out_leases_and_RBAC_objects_and_the_requester_is_no_node()
    {
        const string lease = "---\napiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata: {name: demo-lease, namespace: shop}\n";
        const string role = "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: demo-role, namespace: shop}\n";
        const string map = "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: demo-map, namespace: shop}\n";
        var f = Assert.Single(Findings(MatchConditionsPolicy, lease + role + map));
        Assert.Equal("ConfigMap", f.Document.Kind);
        Assert.Equal("ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding' denied request: failed expression: !object.metadata.name.contains('demo') || object.metadata.namespace == 'demo'", f.Message);
    }

    [Fact]
    public void Variables_compose_and_check_every_containers_registry()
    {
        const string policy = """
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: image-matches-namespace-environment.policy.example.com}
            spec:
              failurePolicy: Fail
              matchConstraints:
                resourceRules: [{apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}]
              variables:
                - name: environment
                  expression: "'environment' in namespaceObject.metadata.labels ? namespaceObject.metadata.labels['environment'] : 'prod'"
                - name: exempt
                  expression: "'exempt' in object.metadata.labels && object.metadata.labels['exempt'] == 'true'"
                - name: containers
                  expression: "object.spec.template.spec.containers"
                - name: containersToCheck
                  expression: "variables.containers.filter(c, c.image.contains('example.com/'))"
              validations:
                - expression: "variables.exempt || variables.containersToCheck.all(c, c.image.startsWith(variables.environment + '.'))"
                  messageExpression: "'only ' + variables.environment + ' images are allowed in namespace ' + namespaceObject.metadata.name"
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata: {name: image-binding}
            spec: {policyName: image-matches-namespace-environment.policy.example.com, validationActions: [Deny]}

            """;
        var cluster = policy + Namespace("staging", "{environment: staging}");
        var f = Assert.Single(Findings(cluster, Deployment("web", 1, "staging", image: "prod.example.com/web:1")));
        Assert.Equal("ValidatingAdmissionPolicy 'image-matches-namespace-environment.policy.example.com' with binding 'image-binding' denied request: only staging images are allowed in namespace staging", f.Message);
        Assert.Empty(Findings(cluster, Deployment("web", 1, "staging", image: "staging.example.com/web:1")));
        Assert.Empty(Findings(cluster, Deployment("web", 1, "staging", image: "prod.example.com/web:1", labels: "{exempt: \"true\"}")));
    }

    [Fact]
    public void Audit_annotations_are_published_per_policy_and_a_null_value_is_left_out()
    {
        const string policy = """
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: demo-policy.example.com}
            spec:
              matchConstraints:
                resourceRules: [{apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}]
              validations:
                - expression: "object.spec.replicas > 50"
                  messageExpression: "'Deployment spec.replicas set to ' + string(object.spec.replicas)"
              auditAnnotations:
                - key: high-replica-count
                  valueExpression: "object.spec.replicas > 50 ? 'Deployment spec.replicas set to ' + string(object.spec.replicas) : null"
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata: {name: demo-binding}
            spec: {policyName: demo-policy.example.com, validationActions: [Audit]}

            """;
        var high = Scan(policy, Deployment("web", 60));
        var (document, key, value) = Assert.Single(high.AuditAnnotations);
        Assert.Equal("demo-policy.example.com/high-replica-count", key);
        Assert.Equal("Deployment spec.replicas set to 60", value);
        Assert.Equal("web", document.Name);
        Assert.DoesNotContain(high.Findings, f => f.Admission);

        var low = Scan(policy, Deployment("web", 3));
        Assert.Empty(low.AuditAnnotations);
        Assert.Contains("\"message\":\"Deployment spec.replicas set to 3\"", Assert.Single(low.Findings, f => f.Admission).Message, StringComparison.Ordinal);
    }
}
