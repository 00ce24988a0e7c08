using static SecretsKit.Deploy.Tests.Validation.ValidationRun;

namespace SecretsKit.Deploy.Tests.Validation.Rules;

/// <summary>
/// <c>x-kubernetes-list-type</c> uniqueness as the API server enforces it: for a custom resource, the structural
/// schema's validation (apiextensions-apiserver's listtype package: the first repeat of each key, at the item, key
/// fields as Go's <c>%#v</c> of the decoded map); for a built-in kind, the published spec's list types as server-side
/// apply (structured-merge-diff) refuses them, at the list, every repeat.
/// </summary>
public sealed class ListTypeTests
{
    private static readonly string Crd = TestCrd.Of("Route", "routes", """
        type: object
        properties:
          hosts: {type: array, items: {type: integer}, x-kubernetes-list-type: set}
          listeners:
            type: array
            x-kubernetes-list-type: map
            x-kubernetes-list-map-keys: [port, protocol]
            items:
              type: object
              properties:
                port: {type: integer}
                protocol: {type: string, default: TCP}
                token: {type: string}
          backends:
            type: array
            x-kubernetes-list-type: map
            x-kubernetes-list-map-keys: [name]
            items: {type: object, properties: {name: {type: string}, weight: {type: integer}}}
        """);

    private static Task<List<string>> RouteFindingsAsync(string spec) =>
        FindingsAsync(Crd + $"apiVersion: example.com/v1\nkind: Route\nmetadata: {{name: r}}\nspec: {spec}\n");

    [Fact]
    public async Task A_custom_resource_gets_the_first_repeat_of_each_key_at_the_item_with_defaults_filled_in()
    {
        // the third "a" is not reported again, as apiextensions-apiserver reports each repeated value once
        Assert.Equal(["m.yaml: Route r: spec.backends[1]: Duplicate value: map[string]interface {}{\"name\":\"a\"}",
            "m.yaml: Route r: spec.backends[4]: Duplicate value: map[string]interface {}{\"name\":\"b\"}"],
            await RouteFindingsAsync("{backends: [{name: a, weight: 1}, {name: a, weight: 2}, {name: a}, {name: b}, {name: b}]}"));
        // protocol defaults to TCP before the API server compares: 443 and 443/TCP are the same listener
        Assert.Equal(["m.yaml: Route r: spec.listeners[1]: Duplicate value: map[string]interface {}{\"port\":443, \"protocol\":\"TCP\"}"],
            await RouteFindingsAsync("{listeners: [{port: 443, token: s3cr3t-one}, {port: 443, protocol: TCP, token: s3cr3t-two}]}"));
        Assert.Empty(await RouteFindingsAsync("{listeners: [{port: 443}, {port: 443, protocol: UDP}, {port: 8443}]}"));
    }

    [Fact]
    public async Task A_missing_key_compares_as_absent_and_a_set_prints_the_type_never_the_value()
    {
        Assert.Equal(["m.yaml: Route r: spec.backends[1]: Duplicate value: map[string]interface {}{}"],
            await RouteFindingsAsync("{backends: [{weight: 1}, {weight: 2}]}"));
        Assert.Equal(["m.yaml: Route r: spec.hosts[2]: Duplicate value: \"integer\""], await RouteFindingsAsync("{hosts: [8080, 9090, 0x1F90]}"));
    }

    [Fact]
    public async Task A_custom_resources_finding_never_prints_a_value_outside_the_key_fields()
    {
        var findings = await RouteFindingsAsync("{listeners: [{port: 1, token: s3cr3t-one}, {port: 1, token: s3cr3t-two}]}");
        Assert.Single(findings);
        Assert.DoesNotContain("s3cr3t", findings[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_built_in_kinds_env_repeat_is_server_side_applys_error_at_the_list_for_every_repeat()
    {
        var findings = await FindingsAsync("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              selector: {matchLabels: {app: d}}
              template:
                metadata: {labels: {app: d}}
                spec:
                  containers:
                  - name: web
                    image: nginx
                    env: [{name: FOO, value: hunter2-a}, {name: FOO, value: hunter2-b}, {name: FOO, value: hunter2-c}]
                    ports: [{containerPort: 80}, {containerPort: 80, protocol: TCP}, {containerPort: 80, protocol: UDP}]
            """);
        const string Why = " (server-side apply, Helm 4's default, refuses it; a plain create or update keeps both)";
        Assert.Equal([
            "m.yaml: Deployment d: spec.template.spec.containers[0].env: duplicate entries for key [name=\"FOO\"]" + Why,
            "m.yaml: Deployment d: spec.template.spec.containers[0].env: duplicate entries for key [name=\"FOO\"]" + Why,
            "m.yaml: Deployment d: spec.template.spec.containers[0].ports: duplicate entries for key [containerPort=80,protocol=\"TCP\"]" + Why,
        ], findings);
        Assert.All(findings, f => Assert.DoesNotContain("hunter2", f, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_built_in_kind_without_repeats_passes()
    {
        Assert.Empty(await FindingsAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: a, image: x, env: [{name: A}, {name: B}], ports: [{containerPort: 80}, {containerPort: 80, protocol: UDP}]}
              - {name: b, image: x, env: [{name: A}]}
              topologySpreadConstraints:
              - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}
              - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}
            """));
    }
}
