using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Controllers.Sops.SopsTestKit;

namespace SecretsKit.Agent.Tests.Controllers.Sops;

/// <summary>A SopsSecret in the watch-driven agent: synced from its event, updated on a new generation, drift repaired.</summary>
public sealed class SopsSecretWatchTests
{
    private const string PlainV1 = "namespaces:\n    - team-a\nstringData:\n    token: watch-one-5d1c\n";
    private const string PlainV2 = "namespaces:\n    - team-a\nstringData:\n    token: watch-two-8e2b\n";

    [Fact]
    public async Task Sopssecret_is_decrypted_from_its_watch_event_updated_on_spec_change_and_repaired_after_deletion()
    {
        await using var c = await StartAsync(Watching());
        c.Namespace("team-a");
        var key = NewKey();
        c.KeySecret("team-a", key.KeysFileText);
        await using var running = await c.WatchAsync();

        c.SopsSecret("team-a", "app", Spec(Encrypt(PlainV1, key.Recipient)));
        await Poll.UntilAsync(() => c.Value("team-a", "app", "token") == "watch-one-5d1c", "the new SopsSecret is decrypted");
        await Poll.UntilAsync(() => c.Reason("team-a", "app") == "Decrypted", "the status says Decrypted");
        var decrypts = c.Controller.Sops.Decrypts;

        c.UpdateSopsSecret("team-a", "app", spec => spec["sops"] = Encrypt(PlainV2, key.Recipient));
        await Poll.UntilAsync(() => c.Value("team-a", "app", "token") == "watch-two-8e2b", "the new generation is decrypted");
        Assert.Equal(decrypts + 1, c.Controller.Sops.Decrypts);

        c.Server.Delete(FakeResourceType.Secret, "team-a", "app");
        await Poll.UntilAsync(() => c.Value("team-a", "app", "token") == "watch-two-8e2b", "the deleted Secret is recreated");
        Assert.Equal(decrypts + 1, c.Controller.Sops.Decrypts);
    }
}
