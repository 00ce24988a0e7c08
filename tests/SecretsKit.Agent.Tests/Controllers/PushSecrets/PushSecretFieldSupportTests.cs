using System.Text.Json.Nodes;
using SecretsKit.Agent.Controllers.PushSecrets;
using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Tests.Controllers.PushSecrets;

/// <summary>
/// Issue #64 item 4 for PushSecrets: every typo of a spec is a finding at once, worded as an ExternalSecret's (an unknown
/// field with the closest known one, a value outside its enum with the allowed values), the template's and the
/// generator reference's included, under the PushSecret's own paths; the reconcile fails with all of them (InvalidSpec).
/// </summary>
public sealed class PushSecretFieldSupportTests
{
    private static PushSecretResource Parse(string specJson) =>
        PushSecretResource.Parse(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = "default" }, ["spec"] = JsonNode.Parse(specJson) });

    private const string Typos = """
        {
          "refreshInteval": "1h",
          "secretStoreRefs": [{"name": "fake", "kind": "SecretStore"}],
          "selector": {"secret": {"name": "source"}, "generatorRef": {"apiVersion": "generators.external-secrets.io/v1alpha1", "kind": "Passwrd", "name": "pw"}, "secrte": {}},
          "template": {"mergePolicy": "merge", "metdata": {}},
          "data": [{"match": {"secretKey": "a", "remoteRef": {"remoteKey": "k"}}, "conversionStrategy": "ReverseUnicde"}]
        }
        """;

    [Fact]
    public void Every_finding_of_a_spec_is_reported_in_document_order_with_the_closest_name()
    {
        var findings = PushSecretFieldSupport.Findings(Parse(Typos)).Select(f => f.Message).ToList();

        Assert.Equal(
        [
            "spec: unknown field 'refreshInteval' (did you mean 'refreshInterval'?)",
            "spec.selector: unknown field 'secrte' (did you mean 'secret'?)",
            "spec.selector.generatorRef.kind must be one of",
            "spec.template.mergePolicy must be Replace or Merge, not 'merge' (did you mean 'Merge'?)",
            "spec.template: unknown field 'metdata' (did you mean 'metadata'?)",
            "spec.data[0].conversionStrategy must be None or ReverseUnicode, not 'ReverseUnicde' (did you mean 'ReverseUnicode'?)",
        ], findings.Select(m => m.StartsWith("spec.selector.generatorRef.kind must be one of", StringComparison.Ordinal) ? "spec.selector.generatorRef.kind must be one of" : m));
        Assert.Contains("not 'Passwrd' (did you mean 'Password'?)", findings[2], StringComparison.Ordinal);
        Assert.Equal("spec.refreshInteval", PushSecretFieldSupport.FirstUnsupported(Parse(Typos)));
    }

    [Fact]
    public void The_reconcile_fails_with_every_finding_at_once_as_invalid_spec()
    {
        var e = Assert.Throws<ReconcileException>(() => PushSecretFieldSupport.EnsureValid(Parse(Typos)));

        Assert.Equal(Messages.InvalidSpec, e.Reason);
        Assert.Equal(6, e.Message.Split("; ").Length);
        Assert.Contains("(did you mean 'refreshInterval'?)", e.Message, StringComparison.Ordinal);
        Assert.Contains("spec.data[0].conversionStrategy must be None or ReverseUnicode", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_the_agent_implements_has_no_finding()
    {
        var ps = Parse("""{"refreshInterval": "1h", "secretStoreRefs": [{"name": "fake"}], "selector": {"secret": {"name": "s"}}, "data": [{"match": {"secretKey": "a"}, "conversionStrategy": "ReverseUnicode"}]}""");

        Assert.Empty(PushSecretFieldSupport.Findings(ps));
        PushSecretFieldSupport.EnsureValid(ps);
    }
}
