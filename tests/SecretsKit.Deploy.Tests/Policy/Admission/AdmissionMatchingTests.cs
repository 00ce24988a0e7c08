using SecretsKit.Deploy.Policy.Admission;
using SecretsKit.Deploy.Policy.Model;
using static SecretsKit.Deploy.Tests.Policy.Admission.AdmissionRun;

namespace SecretsKit.Deploy.Tests.Policy.Admission;

/// <summary>Which objects a policy and binding apply to (resource rules, selectors, scope), and what failurePolicy, budgets and the offline limits do.</summary>
public sealed class AdmissionMatchingTests
{
    private static string Policy(string rules, string validations = "[{expression: \"false\", message: denied}]", string extra = "") => $$"""
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: p}
        spec:
          matchConstraints: {{rules}}
          validations: {{validations}}
        {{extra}}
        """ + BindingOfP;

    private const string Objects = """
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: shop, labels: {tier: web}}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: reader}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-all, namespace: shop}
        ---
        apiVersion: v1
        kind: Endpoints
        metadata: {name: external, namespace: shop}
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: w1, namespace: shop}
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: gadgetz.example.com}
        spec: {group: example.com, scope: Cluster, names: {kind: Gadget, plural: gadgetz}}
        ---
        apiVersion: example.com/v1
        kind: Gadget
        metadata: {name: g1}

        """;

    private static List<string> Denied(string cluster, string objects = Objects) =>
        [.. Findings(cluster, objects).Where(f => f.Severity == PolicySeverity.Critical).Select(f => f.Document.Name!)];

    [Theory]
    [InlineData("[{apiGroups: [\"\"], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}]", "settings")]
    [InlineData("[{apiGroups: [\"*\"], apiVersions: [\"*\"], operations: [\"*\"], resources: [\"*/*\"], scope: Cluster}]", "reader,gadgetz.example.com,g1")]
    [InlineData("[{apiGroups: [networking.k8s.io], apiVersions: [v1beta1], operations: [CREATE], resources: [networkpolicies]}]", "deny-all")]
    [InlineData("[{apiGroups: [\"\"], apiVersions: [v1], operations: [CREATE], resources: [endpoints]}]", "external")]
    [InlineData("[{apiGroups: [example.com], apiVersions: [v1], operations: [CREATE], resources: [widgets, gadgetz]}]", "w1,g1")]
    [InlineData("[{apiGroups: [\"\"], apiVersions: [v1], operations: [UPDATE, DELETE], resources: [configmaps]}]", "")]
    [InlineData("[{apiGroups: [\"*\"], apiVersions: [\"*\"], operations: [CREATE], resources: [\"*/status\", \"configmaps/scale\"]}]", "")]
    public void Resource_rules_match_on_group_plural_resource_operation_and_scope(string rules, string expected)
    {
        var names = Denied(Policy($"{{resourceRules: {rules}}}"));
        Assert.Equal(expected.Length == 0 ? [] : expected.Split(','), names);
    }

    [Fact]
    public void Exact_match_policy_compares_the_version_and_exclude_rules_take_objects_out()
    {
        const string rule = "{apiGroups: [networking.k8s.io], apiVersions: [v1beta1], operations: [CREATE], resources: [networkpolicies]}";
        Assert.Empty(Denied(Policy($"{{matchPolicy: Exact, resourceRules: [{rule}]}}")));
        var all = "{apiGroups: [\"*\"], apiVersions: [\"*\"], operations: [\"*\"], resources: [\"*\"]}";
        var excluded = Denied(Policy($"{{resourceRules: [{all}], excludeResourceRules: [{{apiGroups: [\"\", apiextensions.k8s.io, example.com], apiVersions: [\"*\"], operations: [\"*\"], resources: [\"*\"]}}]}}"));
        Assert.Equal(["reader", "deny-all"], excluded);
    }

    [Fact]
    public void Object_and_namespace_selectors_read_labels_and_namespaces_get_their_name_label()
    {
        const string all = "[{apiGroups: [\"*\"], apiVersions: [\"*\"], operations: [\"*\"], resources: [\"*\"]}]";
        Assert.Equal(["settings"], Denied(Policy($"{{resourceRules: {all}, objectSelector: {{matchExpressions: [{{key: tier, operator: In, values: [web]}}]}}}}")));
        // a cluster-scoped object always passes the namespace selector; a namespaced one is judged by its namespace's labels
        var byName = Denied(Policy($"{{resourceRules: {all}, namespaceSelector: {{matchExpressions: [{{key: kubernetes.io/metadata.name, operator: NotIn, values: [shop]}}]}}}}"));
        Assert.Equal(["reader", "gadgetz.example.com", "g1"], byName);
    }

    [Fact]
    public void A_bad_selector_operator_is_a_configuration_denial_under_Fail_and_nothing_under_Ignore()
    {
        const string rules = "{resourceRules: [{apiGroups: [\"\"], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}], objectSelector: {matchExpressions: [{key: a, operator: Near}]}}";
        // the object selector is read before the resource rules, so every object is refused, as the API server would
        var findings = Findings(Policy(rules), Objects);
        Assert.Equal(7, findings.Count);
        Assert.All(findings, f => Assert.Equal("ValidatingAdmissionPolicy 'p' denied request: failed to configure policy: \"Near\" is not a valid label selector operator", f.Message));
        Assert.Empty(Findings(Policy(rules, extra: "  failurePolicy: Ignore"), Objects));
    }

    private const string ConfigMaps = "{resourceRules: [{apiGroups: [\"\"], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}]}";

    [Fact]
    public void An_evaluation_error_denies_under_Fail_in_the_API_servers_words_and_passes_under_Ignore()
    {
        const string validations = "[{expression: \"object.spec.replicas > 0\"}]";
        var f = Assert.Single(Findings(Policy(ConfigMaps, validations), Objects));
        Assert.Equal("ValidatingAdmissionPolicy 'p' with binding 'b' denied request: expression 'object.spec.replicas > 0' resulted in error: no such key: spec", f.Message);
        Assert.Empty(Findings(Policy(ConfigMaps, validations, "  failurePolicy: Ignore"), Objects));

        var syntax = Assert.Single(Findings(Policy(ConfigMaps, "[{expression: \"object.(\"}]"), Objects));
        Assert.StartsWith("ValidatingAdmissionPolicy 'p' with binding 'b' denied request: compilation error: compilation failed: ERROR: <input>:1:", syntax.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_that_needs_the_authorizer_is_reported_as_skipped_never_as_passed()
    {
        const string validations = "[{expression: \"authorizer.group('').resource('configmaps').check('update').allowed()\"}, {expression: \"true\"}]";
        var f = Assert.Single(Findings(Policy(ConfigMaps, validations), Objects));
        Assert.Equal(PolicySeverity.Unknown, f.Severity);
        Assert.False(f.Fails);
        Assert.Equal("ValidatingAdmissionPolicy 'p' with binding 'b' not evaluated offline: expression 'authorizer.group('').resource('configmaps').check('update').allowed()' reads authorizer, which needs the cluster", f.Message);
    }

    [Fact]
    public void A_hostile_expression_stops_at_the_per_call_limit_and_a_flood_at_the_scans_budget()
    {
        const string validations = "[{expression: \"[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, [1,2,3,4,5,6,7,8,9,10].all(e, [1,2,3,4,5,6,7,8,9,10].all(f, a + b + c + d + e + f > 0))))))\"}]";
        var f = Assert.Single(Findings(Policy(ConfigMaps, validations), Objects));
        Assert.EndsWith("resulted in error: operation cancelled: actual cost limit exceeded", f.Message, StringComparison.Ordinal);

        // one policy's evaluation may spend 10,000,000 and a scan its limit: past it every evaluation is out of budget
        var many = string.Concat(Enumerable.Range(0, 40).Select(i => $"---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: m{i}, namespace: shop}}\n"));
        var report = Scan(Policy(ConfigMaps, validations), many, limits: new AdmissionLimits(totalCost: 3_000_000));
        var messages = report.Findings.Where(x => x.Admission).Select(x => x.Message).ToList();
        Assert.Equal(40, messages.Count);
        Assert.Equal(37, messages.Count(m => m.EndsWith("denied request: " + OutOfBudgetException.Text, StringComparison.Ordinal)));
    }

    [Fact]
    public void Match_condition_errors_deny_together_under_Fail_and_skip_the_policy_under_Ignore()
    {
        const string conditions = "  matchConditions:\n    - {name: a, expression: \"object.nope == 1\"}\n    - {name: b, expression: \"object.other == 1\"}";
        var f = Assert.Single(Findings(Policy(ConfigMaps, extra: conditions), Objects));
        Assert.Equal("ValidatingAdmissionPolicy 'p' with binding 'b' denied request: [expression 'object.nope == 1' resulted in error: no such key: nope, "
            + "expression 'object.other == 1' resulted in error: no such key: other]", f.Message);
        Assert.Empty(Findings(Policy(ConfigMaps, extra: conditions + "\n  failurePolicy: Ignore"), Objects));
    }

    [Fact]
    public void A_namespaced_param_for_a_cluster_scoped_object_needs_a_namespace_and_an_audit_annotation_is_cut_at_10_KiB()
    {
        const string param = "  paramKind: {apiVersion: v1, kind: ConfigMap}\n  auditAnnotations: [{key: name, valueExpression: \"object.metadata.name\"}]";
        var cluster = Policy("{resourceRules: [{apiGroups: [\"*\"], apiVersions: [\"*\"], operations: [\"*\"], resources: [\"*\"]}]}", "[{expression: \"true\"}]", param)
            .Replace("validationActions: [Deny]}", "validationActions: [Deny], paramRef: {name: limits, parameterNotFoundAction: Allow}}", StringComparison.Ordinal);
        var denied = Findings(cluster, Objects + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: limits, namespace: shop}\n");
        Assert.Equal(["reader", "gadgetz.example.com", "g1"], denied.Select(f => f.Document.Name));
        Assert.All(denied, f => Assert.EndsWith("failed to configure binding: cannot use namespaced paramRef in policy binding that matches cluster-scoped resources", f.Message, StringComparison.Ordinal));

        var longName = new string('n', 12_000);
        var report = Scan(cluster, $"---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {longName}, namespace: shop}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: limits, namespace: shop}}\n");
        Assert.Equal([10 * 1024, 6], report.AuditAnnotations.Select(a => a.Value.Length));
    }

    private const string Events = """
        ---
        apiVersion: v1
        kind: Event
        metadata: {name: core-event, namespace: shop}
        involvedObject: {kind: Pod, name: web}
        ---
        apiVersion: events.k8s.io/v1
        kind: Event
        metadata: {name: events-event, namespace: shop}
        regarding: {kind: Pod, name: web}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: "web:1"}]}}}

        """;

    [Fact]
    public void Equivalent_matches_a_resource_stored_with_the_objects_in_another_group_and_reports_it_not_evaluated_offline()
    {
        var coreRule = Findings(Policy("{resourceRules: [{apiGroups: [\"\"], apiVersions: [v1], operations: [CREATE], resources: [events]}]}"), Events);
        Assert.Equal(2, coreRule.Count);
        Assert.Contains(coreRule, f => f.Document.Name == "core-event" && f.Fails && f.Message == "ValidatingAdmissionPolicy 'p' with binding 'b' denied request: denied");
        var converted = Assert.Single(coreRule, f => f.Document.Name == "events-event");
        Assert.False(converted.Fails);
        Assert.Equal(PolicySeverity.Unknown, converted.Severity);
        Assert.Equal("ValidatingAdmissionPolicy 'p' with binding 'b' not evaluated offline: it matches the object as the equivalent resource events, "
            + "which the API server would convert the object to", converted.Message);

        var eventsRule = Findings(Policy("{resourceRules: [{apiGroups: [events.k8s.io], apiVersions: [v1], operations: [CREATE], resources: [events]}]}"), Events);
        Assert.Contains(eventsRule, f => f.Document.Name == "events-event" && f.Fails);
        Assert.Contains(eventsRule, f => f.Document.Name == "core-event" && !f.Fails && f.Message.EndsWith("equivalent resource events.events.k8s.io, which the API server would convert the object to", StringComparison.Ordinal));

        // Exact: only the object's own group; an excluded equivalent excludes; extensions deployments are served no more, so no equivalent
        var exact = Findings(Policy("{matchPolicy: Exact, resourceRules: [{apiGroups: [events.k8s.io], apiVersions: [v1], operations: [CREATE], resources: [events]}]}"), Events);
        Assert.Equal("events-event", Assert.Single(exact).Document.Name);
        Assert.Empty(Findings(Policy("{resourceRules: [{apiGroups: [\"*\"], apiVersions: [\"*\"], operations: [CREATE], resources: [events]}], "
            + "excludeResourceRules: [{apiGroups: [\"\"], apiVersions: [v1], operations: [CREATE], resources: [events]}]}"), Events));
        Assert.Empty(Findings(Policy("{resourceRules: [{apiGroups: [extensions], apiVersions: [v1beta1], operations: [CREATE], resources: [deployments]}]}"), Events));
    }
}
