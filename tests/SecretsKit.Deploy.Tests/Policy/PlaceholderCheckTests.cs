using SecretsKit.Deploy.Policy;
using SecretsKit.Deploy.Policy.Model;
using SecretsKit.Deploy.Policy.Provenance;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Deploy.Tests.Policy;

/// <summary>SK-PLACEHOLDER-001: an encrypted value still <c>CHANGE_ME</c> (clone --keys-only) fails the policy stage, whatever the chart renders.</summary>
public sealed class PlaceholderCheckTests
{
    private static PolicyReport Scan(ValueProvenance values) =>
        new PolicyScanner(new PolicyOptions { Values = values, Severities = [PolicySeverity.Critical] })
            .Scan([new ManifestSource("release shop/api", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api}\ndata: {mode: fast}\n", "shop")], default);

    [Fact]
    public void Each_encrypted_key_still_holding_the_placeholder_is_a_critical_finding_naming_the_key_and_its_file()
    {
        var values = new ValueProvenance();
        values.AddFile("values.yaml", "mode: CHANGE_ME\n", encrypted: false);
        values.AddFile("secrets/qa/secrets.yaml", "secrets:\n  apiToken: CHANGE_ME\n  dbPassword: CHANGE_ME\n  set: real-value-1\n", encrypted: true);

        var report = Scan(values);

        Assert.False(report.Ok);
        Assert.Equal(
            [
                "release shop/api: values: secrets.apiToken: SK-PLACEHOLDER-001 (CRITICAL) Secret still holds its placeholder: values key secrets.apiToken (secrets/qa/secrets.yaml) is still CHANGE_ME (written by secretskit clone --keys-only): set the real value with secretskit edit secrets/qa/secrets.yaml",
                "release shop/api: values: secrets.dbPassword: SK-PLACEHOLDER-001 (CRITICAL) Secret still holds its placeholder: values key secrets.dbPassword (secrets/qa/secrets.yaml) is still CHANGE_ME (written by secretskit clone --keys-only): set the real value with secretskit edit secrets/qa/secrets.yaml",
            ], report.Findings.Select(f => f.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_placeholder_overridden_by_a_later_file_or_only_in_a_plain_file_is_no_finding()
    {
        var values = new ValueProvenance();
        values.AddFile("secrets/qa/secrets.yaml", "apiToken: CHANGE_ME\n", encrypted: true);
        values.AddFile("secrets/qa/override.yaml", "apiToken: typed-in-later\n", encrypted: true);
        values.AddFile("values.yaml", "note: CHANGE_ME\n", encrypted: false);
        Assert.True(Scan(values).Ok);
        Assert.Empty(Scan(values).Findings);
    }
}
