using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests;

/// <summary>
/// The wire-level fakes' host reads no configuration files: one that watched <c>appsettings.json</c> took an inotify
/// instance per fake (128 per user here), so a test run holding many fakes, or leaking some, failed at random with
/// "the configured user limit (128) on the number of inotify instances has been reached".
/// </summary>
[Collection(RunAlone.Name)]
public sealed class LoopbackFakesTests
{
    private static int InotifyInstances() => Directory.EnumerateFileSystemEntries("/proc/self/fd").Count(IsInotify);

    /// <summary>Whether a descriptor is an inotify instance; one closed since it was listed is not.</summary>
    private static bool IsInotify(string fd)
    {
        try
        {
            return new FileInfo(fd).LinkTarget == "anon_inode:inotify";
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Starting_fakes_takes_no_inotify_instance()
    {
        var before = InotifyInstances();
        var servers = new List<FakeKubeApiServer>();
        try
        {
            for (var i = 0; i < 3; i++) servers.Add(await FakeKubeApiServer.StartAsync());
            Assert.True(InotifyInstances() <= before, $"{InotifyInstances() - before} more inotify instances with 3 fakes running");
        }
        finally
        {
            foreach (var server in servers) await server.DisposeAsync();
        }
    }
}
