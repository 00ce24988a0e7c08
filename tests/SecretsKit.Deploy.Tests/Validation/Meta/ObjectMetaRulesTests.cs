using static SecretsKit.Deploy.Tests.Validation.ValidationRun;

namespace SecretsKit.Deploy.Tests.Validation.Meta;

/// <summary>What the API server refuses in metadata that no schema says, each with the API server's own text.</summary>
public sealed class ObjectMetaRulesTests
{
    private static string ConfigMap(string metadata) => $"apiVersion: v1\nkind: ConfigMap\nmetadata: {metadata}\n";

    [Fact]
    public async Task A_Service_name_with_upper_case_is_not_a_DNS_1035_label()
    {
        var findings = await FindingsAsync("apiVersion: v1\nkind: Service\nmetadata: {name: Foo}\nspec: {ports: [{port: 80}]}\n");
        Assert.Equal(["m.yaml: Service Foo: metadata.name: Invalid value: \"Foo\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
            + "start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"],
            findings);
    }

    [Fact]
    public async Task A_Service_name_over_63_characters_is_too_long()
    {
        var name = new string('a', 64);
        var findings = await FindingsAsync($"apiVersion: v1\nkind: Service\nmetadata: {{name: {name}}}\nspec: {{ports: [{{port: 80}}]}}\n");
        Assert.Equal([$"m.yaml: Service {name}: metadata.name: Invalid value: \"{name}\": must be no more than 63 characters"], findings);
    }

    [Fact]
    public async Task A_Namespace_name_must_be_a_DNS_1123_label()
    {
        var findings = await FindingsAsync("apiVersion: v1\nkind: Namespace\nmetadata: {name: team.a}\n");
        Assert.Equal(["m.yaml: Namespace team.a: metadata.name: Invalid value: \"team.a\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
            + "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"], findings);
    }

    [Fact]
    public async Task A_ConfigMap_name_must_be_a_DNS_1123_subdomain_and_dots_are_allowed()
    {
        Assert.Empty(await FindingsAsync(ConfigMap("{name: app.config-1}")));
        var findings = await FindingsAsync(ConfigMap("{name: App_Config}"));
        Assert.Equal(["m.yaml: ConfigMap App_Config: metadata.name: Invalid value: \"App_Config\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
            + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
            + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"], findings);
    }

    [Fact]
    public async Task An_RBAC_role_name_is_a_path_segment_so_colons_pass_and_a_slash_does_not()
    {
        Assert.Empty(await FindingsAsync("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: \"system:Reader\"}\n"));
        var findings = await FindingsAsync("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: a/b}\n");
        Assert.Equal(["m.yaml: ClusterRole a/b: metadata.name: Invalid value: \"a/b\": may not contain '/'"], findings);
    }

    [Fact]
    public async Task A_CronJob_name_over_52_characters_is_refused()
    {
        var name = new string('c', 53);
        var cronJob = $"apiVersion: batch/v1\nkind: CronJob\nmetadata: {{name: {name}}}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n"
            + "        spec:\n          restartPolicy: Never\n          containers: [{name: c, image: busybox}]\n";
        Assert.Equal([$"m.yaml: CronJob {name}: metadata.name: Invalid value: \"{name}\": must be no more than 52 characters"], await FindingsAsync(cronJob));
    }

    [Fact]
    public async Task A_generateName_prefix_is_checked_without_its_trailing_dash_and_no_name_at_all_is_required()
    {
        Assert.Empty(await FindingsAsync(ConfigMap("{generateName: job-}")));
        Assert.Equal(["m.yaml: ConfigMap: metadata.name: Required value: name or generateName is required"], await FindingsAsync(ConfigMap("{labels: {a: b}}")));
    }

    [Fact]
    public async Task A_namespace_must_be_a_DNS_1123_label()
    {
        var findings = await FindingsAsync(ConfigMap("{name: c, namespace: Prod}"));
        Assert.Single(findings);
        Assert.StartsWith("m.yaml: ConfigMap Prod/c: metadata.namespace: Invalid value: \"Prod\": a lowercase RFC 1123 label must consist of", findings[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Label_keys_and_values_are_checked_with_the_API_servers_texts()
    {
        var findings = await FindingsAsync(ConfigMap("{name: c, labels: {\"-bad\": ok, good: \"has space\", \"a/b/c\": x}}"));
        Assert.Equal(3, findings.Count);
        Assert.Contains("m.yaml: ConfigMap c: metadata.labels: Invalid value: \"-bad\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start "
            + "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')", findings);
        Assert.Contains(findings, f => f.StartsWith("m.yaml: ConfigMap c: metadata.labels: Invalid value: \"has space\": a valid label must be an empty string or consist of", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("m.yaml: ConfigMap c: metadata.labels: Invalid value: \"a/b/c\": a valid label key must consist of", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_label_value_over_63_characters_is_too_long()
    {
        var value = new string('v', 64);
        Assert.Equal([$"m.yaml: ConfigMap c: metadata.labels: Invalid value: \"{value}\": must be no more than 63 characters"],
            await FindingsAsync(ConfigMap($"{{name: c, labels: {{k: {value}}}}}")));
    }

    [Fact]
    public async Task Annotations_over_256_KiB_in_total_are_too_long_and_the_value_is_not_printed()
    {
        var value = new string('x', 200 * 1024);
        var findings = await FindingsAsync(ConfigMap($"{{name: c, annotations: {{a: {value}, b: {value}}}}}"));
        Assert.Equal(["m.yaml: ConfigMap c: metadata.annotations: Too long: may not be more than 262144 bytes"], findings);
    }

    [Fact]
    public async Task An_annotation_key_is_checked_case_insensitively()
    {
        Assert.Empty(await FindingsAsync(ConfigMap("{name: c, annotations: {Example.COM/Note: x}}")));
        Assert.Single(await FindingsAsync(ConfigMap("{name: c, annotations: {\"bad key\": x}}")));
    }
}
