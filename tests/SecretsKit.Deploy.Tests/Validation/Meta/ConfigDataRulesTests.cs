using static SecretsKit.Deploy.Tests.Validation.ValidationRun;

namespace SecretsKit.Deploy.Tests.Validation.Meta;

/// <summary>Secret and ConfigMap data: config keys and the 1 MiB limit, as the API server refuses them.</summary>
public sealed class ConfigDataRulesTests
{
    [Fact]
    public async Task A_Secret_data_key_that_is_not_a_config_key_is_refused_with_the_API_servers_text()
    {
        var findings = await FindingsAsync("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {\"my key\": YQ==}\n");
        Assert.Equal(["m.yaml: Secret s: data[\"my key\"]: Invalid value: \"my key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' "
            + "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"], findings);
    }

    [Fact]
    public async Task A_ConfigMap_key_of_two_dots_and_a_key_in_both_data_and_binaryData_are_refused()
    {
        var findings = await FindingsAsync("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {\"..\": x, k: v}\nbinaryData: {k: YQ==}\n");
        Assert.Equal(["m.yaml: ConfigMap c: data[\"..\"]: Invalid value: \"..\": must not be '..'",
            "m.yaml: ConfigMap c: binaryData.k: Invalid value: \"k\": duplicate of key present in data"], findings);
    }

    [Fact]
    public async Task A_Secret_over_1_MiB_decoded_is_too_long_and_one_just_under_passes()
    {
        var under = Convert.ToBase64String(new byte[1024 * 1024 - 16]);
        Assert.Empty(await FindingsAsync($"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\ndata: {{a: {under}}}\nstringData: {{b: small}}\n"));
        var findings = await FindingsAsync($"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\ndata: {{a: {under}}}\nstringData: {{b: {new string('x', 32)}}}\n");
        Assert.Equal(["m.yaml: Secret s: data: Too long: may not be more than 1048576 bytes"], findings);
    }

    [Fact]
    public async Task A_ConfigMap_over_1_MiB_is_too_long()
    {
        var findings = await FindingsAsync($"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c}}\ndata: {{a: {new string('x', 1024 * 1024 + 1)}}}\n");
        Assert.Equal(["m.yaml: ConfigMap c: Too long: may not be more than 1048576 bytes"], findings);
    }
}
