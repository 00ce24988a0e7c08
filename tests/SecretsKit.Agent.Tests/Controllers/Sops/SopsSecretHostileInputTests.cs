using static SecretsKit.Agent.Tests.Controllers.Sops.SopsTestKit;

namespace SecretsKit.Agent.Tests.Controllers.Sops;

/// <summary>One tenant's hostile SopsSecret is refused in its own status; the agent keeps reconciling every other object.</summary>
public sealed class SopsSecretHostileInputTests
{
    [Fact]
    public async Task Alias_bomb_in_a_SopsSecret_is_reported_as_InvalidDocument_and_other_objects_still_reconcile()
    {
        await using var c = await AgentCluster.StartAsync();
        c.Namespace("team-a");
        var key = NewKey();
        c.KeySecret("team-a", key.KeysFileText);
        var good = Encrypt("namespaces: [team-a]\nstringData:\n    A: x-secret-1\n", key.Recipient);
        // The bomb's lines pasted into a valid encrypted document, as plaintext next to its sops block.
        c.SopsSecret("team-a", "bomb", Spec(Testing.Common.HostileDocuments.BillionLaughs("lol0_unencrypted") + good));
        c.SopsSecret("team-a", "app", Spec(good));

        await c.PassAsync();

        Assert.Equal("InvalidDocument", c.Reason("team-a", "bomb"));
        Assert.Contains("document contains excessive aliasing", c.Message("team-a", "bomb"), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("team-a", "bomb"));
        Assert.Equal("True", c.SopsReady("team-a", "app")!["status"]!.GetValue<string>());
        Assert.NotNull(c.TargetSecret("team-a", "app"));

        // Still reconciling: a SopsSecret created after the refusal is decrypted too.
        c.SopsSecret("team-a", "later", Spec(good));
        await c.PassAsync();
        Assert.Equal("True", c.SopsReady("team-a", "later")!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("%YAML 1.2\n---\n", "", "'%YAML 1.2' on line 1")]
    [InlineData("", "\0", "U+0000 on line ")]
    public async Task A_SopsSecret_that_sops_would_refuse_is_decrypted_with_a_one_line_warning_in_its_Ready_message(string before, string after, string where)
    {
        await using var c = await AgentCluster.StartAsync();
        c.Namespace("team-a");
        var key = NewKey();
        c.KeySecret("team-a", key.KeysFileText);
        var good = Encrypt("namespaces: [team-a]\nstringData:\n    A: x-secret-1\n", key.Recipient);
        c.SopsSecret("team-a", "odd", Spec(before + good + after));
        c.SopsSecret("team-a", "plain", Spec(good));

        await c.PassAsync();

        Assert.Equal("True", c.SopsReady("team-a", "odd")!["status"]!.GetValue<string>());
        Assert.NotNull(c.TargetSecret("team-a", "odd"));
        var message = c.Message("team-a", "odd");
        Assert.Contains("; warning: spec.sops: sops 3.13 refuses this file: ", message, StringComparison.Ordinal);
        Assert.Contains(where, message, StringComparison.Ordinal);
        Assert.DoesNotContain("x-secret-1", message, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", c.Message("team-a", "plain"), StringComparison.Ordinal);
    }
}
