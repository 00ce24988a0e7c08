using System.Diagnostics;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Helm;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Web;

namespace SecretsKit.Deploy.Tests.Helm;

/// <summary>
/// A values file given to helm is read through the release pipeline's bounded reader: one that never ends (a link to
/// <c>/dev/zero</c>, which reports a length of 0) is refused at 16 MiB with one line naming it, instead of being read
/// until memory runs out; a remote one over 16 MiB is refused the same way.
/// </summary>
public sealed class ValueFileBoundTests
{
    [Fact]
    public async Task A_values_file_linked_to_dev_zero_is_refused_at_16_MiB_naming_the_file()
    {
        using var dir = new TempDir();
        File.CreateSymbolicLink(dir.File("secrets.yaml"), "/dev/zero");
        var decryptor = new SecretValuesDecryptor(TestSops.Engine(dir.Path), DecryptOptions.Default, dir.Path);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SecretsKitException>(() => decryptor.DecryptAsync(["secrets.yaml"], new DecryptorSettings(), limit.Token));

        Assert.Equal("secrets.yaml: larger than 16 MiB, not read", error.Message);
        Assert.False(limit.IsCancellationRequested, $"still reading after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_remote_values_file_over_16_MiB_is_refused_in_one_line()
    {
        await using var server = await FakeFileServer.StartAsync();
        using var dir = new TempDir();
        var url = server.Put("/big.yaml", new byte[(16 << 20) + 1]);
        var decryptor = new SecretValuesDecryptor(TestSops.Engine(dir.Path), DecryptOptions.Default, dir.Path);

        var error = await Assert.ThrowsAsync<SecretsKitException>(() => decryptor.DecryptAsync(["secrets://" + url],
            new DecryptorSettings(Remote: new MapEnvironment(new Dictionary<string, string>(), dir.Path, dir.Path)), CancellationToken.None));

        Assert.StartsWith($"could not fetch {url}: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
