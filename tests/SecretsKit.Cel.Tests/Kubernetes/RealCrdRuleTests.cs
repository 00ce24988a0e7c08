using System.Text.Json;
using SecretsKit.Cel.Kubernetes;

namespace SecretsKit.Cel.Tests.Kubernetes;

/// <summary>Rules as real CRDs carry them (Gateway API v1 HTTPRoute and Gateway, external-secrets' PushSecret),
/// with objects that pass and fail them and the API server's message for each failure. cert-manager's v1 CRDs carry
/// no x-kubernetes-validations (its webhook validates), so there is nothing of theirs to test here.</summary>
public sealed class RealCrdRuleTests
{
    private static readonly KubernetesRule[] PathMatch =
    [
        new("(self.type in ['Exact','PathPrefix']) ? self.value.startsWith('/') : true") { Message = "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']" },
        new("(self.type in ['Exact','PathPrefix']) ? !self.value.contains('//') : true") { Message = "must not contain '//' when type one of ['Exact', 'PathPrefix']" },
        new("(self.type in ['Exact','PathPrefix']) ? !self.value.contains('/./') : true") { Message = "must not contain '/./' when type one of ['Exact', 'PathPrefix']" },
        new("(self.type in ['Exact','PathPrefix']) ? !self.value.endsWith('/.') : true") { Message = "must not end with '/.' when type one of ['Exact', 'PathPrefix']" },
        new("self.type in ['Exact','PathPrefix'] || self.type == 'RegularExpression'") { Message = "type must be one of ['Exact', 'PathPrefix', 'RegularExpression']" },
        new("(self.type in ['Exact','PathPrefix']) ? self.value.matches(r\"\"\"^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$\"\"\") : true")
        {
            Message = "must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']",
        },
    ];

    private static readonly KubernetesRule[] RouteFilter =
    [
        new("!(has(self.requestHeaderModifier) && self.type != 'RequestHeaderModifier')") { Message = "filter.requestHeaderModifier must be nil if the filter.type is not RequestHeaderModifier" },
        new("!(!has(self.requestHeaderModifier) && self.type == 'RequestHeaderModifier')") { Message = "filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type" },
        new("!(has(self.urlRewrite) && self.type != 'URLRewrite')") { Message = "filter.urlRewrite must be nil if the filter.type is not URLRewrite" },
    ];

    private static readonly KubernetesRule[] RuleFilters =
    [
        new("!(self.exists(f, f.type == 'RequestRedirect') && self.exists(f, f.type == 'URLRewrite'))") { Message = "May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both" },
        new("self.filter(f, f.type == 'RequestHeaderModifier').size() <= 1") { Message = "RequestHeaderModifier filter cannot be repeated" },
    ];

    private static readonly KubernetesRule[] Listeners =
    [
        new("self.all(l, l.protocol in ['TCP', 'UDP']  ? (!has(l.hostname) || l.hostname == '') : true)") { Message = "hostname must not be specified for protocols ['TCP', 'UDP']" },
        new("self.all(l1, self.exists_one(l2, l1.name == l2.name))") { Message = "Listener name must be unique within the Gateway" },
        new("self.all(l1, self.exists_one(l2, l1.port == l2.port && l1.protocol == l2.protocol && (has(l1.hostname) && has(l2.hostname) ? l1.hostname == l2.hostname : !has(l1.hostname) && !has(l2.hostname))))")
        {
            Message = "Combination of port, protocol and hostname must be unique for each listener",
        },
    ];

    private static readonly KubernetesRule[] PushSecretDataTo =
    [
        new("has(self.storeRef) && (has(self.storeRef.name) || has(self.storeRef.labelSelector))") { Message = "storeRef must specify either name or labelSelector" },
        new("!has(self.remoteKey) || !has(self.rewrite) || size(self.rewrite) == 0") { Message = "remoteKey and rewrite are mutually exclusive: rewrite is only supported in per-key mode (without remoteKey)" },
    ];

    private static string[] Failures(KubernetesRule[] rules, string json)
    {
        using var document = JsonDocument.Parse(json);
        var self = KubernetesValues.FromJson(document.RootElement, null);
        var results = rules.Select(r => r.Evaluate(self)).ToList();
        Assert.DoesNotContain(results, r => r.Outcome == KubernetesRuleOutcome.Error);
        return results.Where(r => r.Outcome == KubernetesRuleOutcome.Failed).Select(r => r.Message).ToArray();
    }

    [Theory]
    [InlineData("""{"type": "PathPrefix", "value": "/foo"}""")]
    [InlineData("""{"type": "Exact", "value": "/a%2Fb"}""")]
    [InlineData("""{"type": "RegularExpression", "value": "foo.*"}""")]
    public void Gateway_path_matches_that_pass(string json) => Assert.Empty(Failures(PathMatch, json));

    [Theory]
    [InlineData("""{"type": "PathPrefix", "value": "foo"}""", "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']")]
    [InlineData("""{"type": "PathPrefix", "value": "/."}""", "must not end with '/.' when type one of ['Exact', 'PathPrefix']")]
    [InlineData("""{"type": "Exact", "value": "/foo/./bar"}""", "must not contain '/./' when type one of ['Exact', 'PathPrefix']")]
    [InlineData("""{"type": "Exact", "value": "/foo bar"}""", "must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']")]
    [InlineData("""{"type": "Glob", "value": "/x"}""", "type must be one of ['Exact', 'PathPrefix', 'RegularExpression']")]
    public void Gateway_path_matches_that_fail(string json, string message) => Assert.Equal([message], Failures(PathMatch, json));

    [Fact]
    public void Gateway_route_filters()
    {
        Assert.Empty(Failures(RouteFilter, """{"type": "RequestHeaderModifier", "requestHeaderModifier": {"set": [{"name": "a", "value": "b"}]}}"""));
        Assert.Equal(["filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type"],
            Failures(RouteFilter, """{"type": "RequestHeaderModifier"}"""));
        Assert.Equal(["filter.requestHeaderModifier must be nil if the filter.type is not RequestHeaderModifier"],
            Failures(RouteFilter, """{"type": "RequestMirror", "requestHeaderModifier": {}}"""));
    }

    [Fact]
    public void Gateway_rule_filter_lists()
    {
        Assert.Empty(Failures(RuleFilters, """[{"type": "RequestHeaderModifier"}, {"type": "URLRewrite"}]"""));
        Assert.Equal(["May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both"],
            Failures(RuleFilters, """[{"type": "RequestRedirect"}, {"type": "URLRewrite"}]"""));
        Assert.Equal(["RequestHeaderModifier filter cannot be repeated"],
            Failures(RuleFilters, """[{"type": "RequestHeaderModifier"}, {"type": "RequestMirror"}, {"type": "RequestHeaderModifier"}]"""));
    }

    [Fact]
    public void Gateway_listeners()
    {
        Assert.Empty(Failures(Listeners, """[{"name": "http", "protocol": "HTTP", "port": 80}, {"name": "https", "protocol": "HTTPS", "port": 443, "hostname": "a.example.com"}]"""));
        Assert.Equal(["Listener name must be unique within the Gateway"],
            Failures(Listeners, """[{"name": "http", "protocol": "HTTP", "port": 80}, {"name": "http", "protocol": "HTTP", "port": 8080}]"""));
        Assert.Equal(["Combination of port, protocol and hostname must be unique for each listener"],
            Failures(Listeners, """[{"name": "a", "protocol": "HTTP", "port": 80}, {"name": "b", "protocol": "HTTP", "port": 80}]"""));
        Assert.Equal(["hostname must not be specified for protocols ['TCP', 'UDP']"],
            Failures(Listeners, """[{"name": "tcp", "protocol": "TCP", "port": 9000, "hostname": "x.example.com"}]"""));
    }

    [Fact]
    public void External_secrets_push_secret_data_to()
    {
        Assert.Empty(Failures(PushSecretDataTo, """{"storeRef": {"name": "vault"}, "remoteKey": "bundle"}"""));
        Assert.Equal(["storeRef must specify either name or labelSelector"], Failures(PushSecretDataTo, """{"storeRef": {}}"""));
        Assert.Equal(["remoteKey and rewrite are mutually exclusive: rewrite is only supported in per-key mode (without remoteKey)"],
            Failures(PushSecretDataTo, """{"storeRef": {"name": "v"}, "remoteKey": "k", "rewrite": [{"regexp": {"source": "a", "target": "b"}}]}"""));
    }

    [Fact]
    public void The_schema_validator_walks_an_httproute_and_reports_paths()
    {
        var schema = """
            {"type": "object", "properties": {"spec": {"type": "object", "properties": {"rules": {"type": "array", "items": {
              "type": "object", "properties": {
                "matches": {"type": "array", "items": {"type": "object", "properties": {"path": {"type": "object",
                  "properties": {"type": {"type": "string"}, "value": {"type": "string"}},
                  "x-kubernetes-validations": [{"rule": "(self.type in ['Exact','PathPrefix']) ? self.value.startsWith('/') : true",
                    "message": "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']"}]}}}},
                "filters": {"type": "array", "items": {"type": "object"}, "x-kubernetes-validations": [
                  {"rule": "self.filter(f, f.type == 'RequestHeaderModifier').size() <= 1", "message": "RequestHeaderModifier filter cannot be repeated"}]}}}}}}}}
            """;
        using var schemaJson = JsonDocument.Parse(schema);
        using var route = JsonDocument.Parse("""
            {"spec": {"rules": [{"matches": [{"path": {"type": "PathPrefix", "value": "/ok"}}, {"path": {"type": "Exact", "value": "bad"}}],
              "filters": [{"type": "RequestHeaderModifier"}, {"type": "RequestHeaderModifier"}]}]}}
            """);
        var report = new KubernetesSchemaValidator(KubernetesSchema.FromJson(schemaJson.RootElement)).Validate(route.RootElement);
        Assert.Equal(3, report.RulesRun);
        Assert.Equal(
            [
                "spec.rules[0].matches[1].path: Invalid value: value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
                "spec.rules[0].filters: Invalid value: RequestHeaderModifier filter cannot be repeated",
            ],
            report.Errors.Select(e => e.ToString()).ToArray());
    }
}
