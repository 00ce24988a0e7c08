using System.Text;
using SecretsKit.Agent.Controllers.Sops;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Vault;
using static SecretsKit.Agent.Tests.Controllers.Sops.SopsTestKit;

namespace SecretsKit.Agent.Tests.Controllers.Sops;

/// <summary>Without keySecretRef the cloud key sources decrypt with the agent's own environment (here a Vault token for the fake Vault).</summary>
public sealed class SopsSecretCloudKeyTests
{
    [Fact]
    public async Task Vault_transit_document_decrypts_with_the_agent_environment_and_stays_namespace_bound()
    {
        await using var c = await AgentCluster.StartAsync();
        c.Namespace("team-a");
        c.Namespace("team-b");
        await using var vault = await FakeVaultServer.StartAsync();
        vault.EnableTransit("transit");
        var agentEnv = new KeySourceContext(new MapEnvironment(new Dictionary<string, string> { ["VAULT_TOKEN"] = vault.RootToken }, "", "/"),
            SystemProcessRunner.Instance, TimeProvider.System);
        var document = EncryptWithTransit(agentEnv, $"{vault.BaseAddress.GetLeftPart(UriPartial.Authority)}/v1/transit/keys/team-a",
            "namespaces: [team-a]\nstringData:\n    TOKEN: vault-wrapped-value\n");
        c.SopsSecret("team-a", "app", Spec(document, keySecret: null));
        c.SopsSecret("team-b", "app", Spec(document, keySecret: null));
        var reconciler = new SopsSecretReconciler(c.Client, c.Time, agentEnv, vaultAllowlist: [vault.BaseAddress.GetLeftPart(UriPartial.Authority)]);

        await reconciler.ReconcileAllAsync(null, CancellationToken.None);

        Assert.Equal("Decrypted", c.Reason("team-a", "app"));
        Assert.Equal("vault-wrapped-value", c.Value("team-a", "app", "TOKEN"));
        Assert.Equal("NamespaceNotAllowed", c.Reason("team-b", "app"));
        Assert.Null(c.TargetSecret("team-b", "app"));
    }

    [Fact]
    public async Task A_tenants_document_naming_its_own_vault_gets_a_condition_and_that_vault_never_sees_the_agents_token()
    {
        await using var c = await AgentCluster.StartAsync();
        c.Namespace("team-a");
        await using var trusted = await FakeVaultServer.StartAsync();
        await using var attacker = await FakeVaultServer.StartAsync();
        var agentEnv = new KeySourceContext(new MapEnvironment(new Dictionary<string, string> { ["VAULT_TOKEN"] = trusted.RootToken }, "", "/"),
            SystemProcessRunner.Instance, TimeProvider.System);
        // the tenant encrypts with a key of its own Vault (it knows that Vault's token), then applies the document
        var tenantEnv = new KeySourceContext(new MapEnvironment(new Dictionary<string, string> { ["VAULT_TOKEN"] = attacker.RootToken }, "", "/"),
            SystemProcessRunner.Instance, TimeProvider.System);
        var document = EncryptWithTransit(tenantEnv, $"{attacker.BaseAddress.GetLeftPart(UriPartial.Authority)}/v1/transit/keys/steal",
            "namespaces: [team-a]\nstringData:\n    A: x\n");
        c.SopsSecret("team-a", "app", Spec(document, keySecret: null));
        var calls = attacker.CallCount("transit-decrypt");
        var reconciler = new SopsSecretReconciler(c.Client, c.Time, agentEnv, vaultAllowlist: [trusted.BaseAddress.GetLeftPart(UriPartial.Authority)]);

        await reconciler.ReconcileAllAsync(null, CancellationToken.None);

        Assert.Equal("DecryptionFailed", c.Reason("team-a", "app"));
        Assert.Contains("--vault-allowlist", c.Message("team-a", "app"), StringComparison.Ordinal);
        Assert.Equal(calls, attacker.CallCount("transit-decrypt"));
        Assert.Null(c.TargetSecret("team-a", "app"));
    }

    [Fact]
    public async Task Without_a_vault_allowlist_no_vault_address_gets_the_agents_token()
    {
        await using var c = await AgentCluster.StartAsync();
        c.Namespace("team-a");
        await using var vault = await FakeVaultServer.StartAsync();
        var agentEnv = new KeySourceContext(new MapEnvironment(new Dictionary<string, string>
        {
            ["VAULT_TOKEN"] = vault.RootToken, ["VAULT_ADDR"] = vault.BaseAddress.ToString(), ["SOPS_HC_VAULT_ALLOWLIST"] = "all",
        }, "", "/"), SystemProcessRunner.Instance, TimeProvider.System);
        var document = EncryptWithTransit(agentEnv, $"{vault.BaseAddress.GetLeftPart(UriPartial.Authority)}/v1/transit/keys/team-a",
            "namespaces: [team-a]\nstringData:\n    A: x\n");
        c.SopsSecret("team-a", "app", Spec(document, keySecret: null));
        var calls = vault.CallCount("transit-decrypt");

        await new SopsSecretReconciler(c.Client, c.Time, agentEnv).ReconcileAllAsync(null, CancellationToken.None);

        Assert.Equal("DecryptionFailed", c.Reason("team-a", "app"));
        Assert.Contains("not allowed by the agent's --vault-allowlist", c.Message("team-a", "app"), StringComparison.Ordinal);
        Assert.Equal(calls, vault.CallCount("transit-decrypt"));
    }

    [Fact]
    public async Task Age_document_without_keySecretRef_says_so_instead_of_using_any_agent_wide_age_key()
    {
        await using var c = await AgentCluster.StartAsync();
        c.Namespace("team-a");
        var key = NewKey();
        c.SopsSecret("team-a", "app", Spec(Encrypt("namespaces: [team-a]\nstringData:\n    A: x\n", key.Recipient), keySecret: null));

        await c.PassAsync();

        Assert.Equal("DecryptionFailed", c.Reason("team-a", "app"));
        Assert.Contains("spec.decryption.keySecretRef is not set", c.Message("team-a", "app"), StringComparison.Ordinal);
    }

    private static string EncryptWithTransit(KeySourceContext context, string keyUri, string plain)
    {
        var registry = CloudKeySources.Register(new KeySourceRegistry(), context);
        var engine = new SopsEngine(registry, TimeProvider.System);
        var yaml = FormatRegistry.Create("yaml");
        var key = registry.Get("hc_vault").Parse(keyUri, KeyParseOptions.None);
        var encrypted = engine.EncryptAsync(yaml.ParsePlain(Encoding.UTF8.GetBytes(plain)), new EncryptionSettings([[key]])).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(encrypted.Emit(yaml));
    }
}
