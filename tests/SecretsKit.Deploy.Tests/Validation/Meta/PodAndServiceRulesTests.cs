using static SecretsKit.Deploy.Tests.Validation.ValidationRun;

namespace SecretsKit.Deploy.Tests.Validation.Meta;

/// <summary>
/// Repeats that Kubernetes' per-kind validation refuses on every create and update (ValidatePodSpec, ValidateService),
/// with the API server's own texts, at the repeated item.
/// </summary>
public sealed class PodAndServiceRulesTests
{
    private static string Deployment(string podSpec) =>
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n"
        + "    metadata: {labels: {app: d}}\n    spec: " + podSpec + "\n";

    [Fact]
    public async Task Two_containers_named_web_in_a_Deployment_are_a_duplicate_at_the_second()
    {
        var findings = await FindingsAsync(Deployment("{containers: [{name: web, image: a}, {name: web, image: b}]}"));
        Assert.Equal(["m.yaml: Deployment d: spec.template.spec.containers[1].name: Duplicate value: \"web\""], findings);
    }

    [Fact]
    public async Task An_init_container_named_as_a_container_and_a_repeated_volume_are_duplicates()
    {
        var findings = await FindingsAsync(Deployment(
            "{initContainers: [{name: web, image: a}, {name: init, image: a}, {name: init, image: a}], containers: [{name: web, image: b}], "
            + "volumes: [{name: data, emptyDir: {}}, {name: data, emptyDir: {}}]}"));
        Assert.Equal([
            "m.yaml: Deployment d: spec.template.spec.volumes[1].name: Duplicate value: \"data\"",
            "m.yaml: Deployment d: spec.template.spec.initContainers[0].name: Duplicate value: \"web\"",
            "m.yaml: Deployment d: spec.template.spec.initContainers[2].name: Duplicate value: \"init\"",
        ], findings);
    }

    [Fact]
    public async Task A_port_name_used_twice_in_one_container_is_a_duplicate()
    {
        var findings = await FindingsAsync(Deployment("{containers: [{name: web, image: a, ports: [{name: http, containerPort: 80}, {name: http, containerPort: 8080}]}]}"));
        Assert.Equal(["m.yaml: Deployment d: spec.template.spec.containers[0].ports[1].name: Duplicate value: \"http\""], findings);
    }

    [Fact]
    public async Task A_CronJobs_and_a_Pods_pod_specs_are_found_where_each_kind_keeps_them()
    {
        var cronJob = await FindingsAsync("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '* * * * *'\n"
            + "  jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: a, image: x}, {name: a, image: x}]}}}}\n");
        Assert.Equal(["m.yaml: CronJob c: spec.jobTemplate.spec.template.spec.containers[1].name: Duplicate value: \"a\""], cronJob);
        var pod = await FindingsAsync("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: x}, {name: a, image: x}]}\n");
        Assert.Equal(["m.yaml: Pod p: spec.containers[1].name: Duplicate value: \"a\""], pod);
    }

    [Fact]
    public async Task A_Service_with_two_ports_80_TCP_is_a_duplicate_ServicePort_as_Go_prints_it()
    {
        var findings = await FindingsAsync("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{name: a, port: 80}, {name: b, port: 80, protocol: TCP}, {name: c, port: 80, protocol: UDP}]\n");
        Assert.Equal(["m.yaml: Service s: spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, "
            + "TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}"], findings);
    }

    [Fact]
    public async Task A_Service_port_without_a_name_among_several_and_repeated_names_and_node_ports_are_refused()
    {
        var findings = await FindingsAsync("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: NodePort\n"
            + "  ports: [{name: a, port: 80, nodePort: 30080}, {port: 81}, {name: a, port: 82, nodePort: 30080}]\n");
        Assert.Equal([
            "m.yaml: Service s: spec.ports[1].name: Required value",
            "m.yaml: Service s: spec.ports[2].name: Duplicate value: \"a\"",
            "m.yaml: Service s: spec.ports[2].nodePort: Duplicate value: 30080",
        ], findings);
        Assert.Empty(await FindingsAsync("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n"));
    }
}
