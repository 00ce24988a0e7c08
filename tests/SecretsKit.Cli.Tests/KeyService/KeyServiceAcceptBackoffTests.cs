using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using Xunit.Abstractions;

namespace SecretsKit.Cli.Tests.KeyService;

/// <summary>
/// Issue #47: a failed <c>accept()</c> must neither end the key service nor spin. The real process is run out of descriptors
/// (its soft RLIMIT_NOFILE lowered with <c>prlimit</c> to just above what it holds) while raw clients keep connecting, so
/// every accept fails with EMFILE while connections wait in the backlog. Kestrel's own listener retries such an accept at
/// once, burning a core for as long as it lasts; the key service's listener backs off (5 ms doubling to 1 s), says so once,
/// and serves again once descriptors are free.
/// </summary>
public sealed class KeyServiceAcceptBackoffTests(ITestOutputHelper output)
{
    private static readonly byte[] DataKey = Enumerable.Range(1, 32).Select(i => (byte)(i * 3)).ToArray();

    [Fact]
    public async Task Accepts_failing_with_emfile_back_off_instead_of_spinning_and_the_server_serves_again_once_descriptors_free()
    {
        await using var server = await KeyServiceServerProcess.StartAsync(
            new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile }, socket: null, descriptorLimit: 1024);
        var ciphertext = await EncryptAsync(server); // every assembly of a call is loaded before descriptors run out
        var pid = server.Process.Id.ToString(CultureInfo.InvariantCulture);
        var open = Directory.GetFiles($"/proc/{pid}/fd").Length;
        await SetSoftLimitAsync(pid, open + 4);
        var attacking = H2Attacker.RunAsync("idle", server.GrpcTarget, "--seconds", "12", "--connections", "40");
        try
        {
            var waited = Stopwatch.StartNew();
            while (!server.Stderr.Contains("cannot accept connections", StringComparison.Ordinal))
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "no failed accept was logged: " + server.Stderr);
                await Task.Delay(50);
            }
            // Connections keep waiting in the backlog, so every accept fails at once: a spinning loop uses a core here.
            var cpuBefore = CpuTime(pid);
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(3));
            var cpu = CpuTime(pid) - cpuBefore;
            output.WriteLine($"CPU {cpu.TotalMilliseconds:0} ms in {clock.ElapsedMilliseconds} ms while out of descriptors");
            Assert.True(cpu < TimeSpan.FromMilliseconds(300), $"the accept loop used {cpu.TotalMilliseconds:0} ms of CPU in {clock.ElapsedMilliseconds} ms");
            Assert.False(server.Process.HasExited, server.Stderr);
        }
        finally
        {
            // a server that died out of descriptors has no limit to give back: the assertion above says why, with its stderr
            if (!server.Process.HasExited) await SetSoftLimitAsync(pid, 1024);
        }
        await attacking;
        var answer = await GrpcJsPeer.CallAsync(server.GrpcTarget, [Decrypt(ciphertext)]); // a new connection
        Assert.True((int)answer[0]!["code"]! == 0, answer.ToJsonString() + server.Stderr);
        Assert.Equal(DataKey, Convert.FromBase64String((string)answer[0]!["data"]!));
        var lines = server.Stderr.Split('\n');
        Assert.True(lines.Count(l => l.Contains("cannot accept connections (Too many open files", StringComparison.Ordinal)) == 1, server.Stderr); // once per episode
        Assert.Contains(lines, l => l.Contains("accepting connections again after", StringComparison.Ordinal));
    }

    private static JsonObject AgeKey() => new() { ["age_key"] = new JsonObject { ["recipient"] = TestKeys.AgeRecipient } };

    private static JsonObject Decrypt(byte[] ciphertext) => new()
    {
        ["method"] = "Decrypt", ["key"] = AgeKey(), ["data"] = Convert.ToBase64String(ciphertext), ["expect"] = Convert.ToBase64String(DataKey),
    };

    private static async Task<byte[]> EncryptAsync(KeyServiceServerProcess server)
    {
        var wrapped = await GrpcJsPeer.CallAsync(server.GrpcTarget,
            [new JsonObject { ["method"] = "Encrypt", ["key"] = AgeKey(), ["data"] = Convert.ToBase64String(DataKey) }]);
        Assert.True((int)wrapped[0]!["code"]! == 0, wrapped.ToJsonString() + server.Stderr);
        var ciphertext = Convert.FromBase64String((string)wrapped[0]!["data"]!);
        var decrypted = await GrpcJsPeer.CallAsync(server.GrpcTarget, [Decrypt(ciphertext)]);
        Assert.True((int)decrypted[0]!["code"]! == 0, decrypted.ToJsonString() + server.Stderr);
        return ciphertext;
    }

    /// <summary>Sets the process's soft open-file limit (the hard one stays 1,024) with util-linux's prlimit.</summary>
    private static async Task SetSoftLimitAsync(string pid, int soft)
    {
        var run = await ProcessRun.RunAsync("prlimit", ["--pid", pid, $"--nofile={soft}:1024"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    /// <summary>User plus system CPU time of a process (<c>/proc/PID/stat</c> fields 14 and 15, in clock ticks of 10 ms).</summary>
    private static TimeSpan CpuTime(string pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}
