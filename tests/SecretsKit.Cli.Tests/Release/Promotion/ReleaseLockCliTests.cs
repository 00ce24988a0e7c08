using System.Globalization;
using System.Runtime.InteropServices;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// One deploy at a time, through the real <c>secretskit</c> and the real helm against the Kubernetes API fake: the
/// environment's Lease <c>secretskit-release-&lt;environment&gt;</c> is held for the run, a second run exits 11 naming the
/// holder, a killed holder's lock is taken over within ttl + ttl/3, twenty applies with <c>--lock-wait</c> all deploy
/// without helm's "another operation is in progress", Ctrl-C gives the lock back, and <c>unlock</c> clears it.
/// </summary>
public sealed class ReleaseLockCliTests
{
    [Fact]
    public async Task A_second_run_exits_11_naming_the_holder_and_since_when_and_the_holder_then_finishes()
    {
        await using var s = await LockSandbox.StartAsync();
        var holder = await s.StartHolderAsync("1");

        var second = await s.RunAsync("2", "apply");

        Assert.Equal(11, second.ExitCode);
        Assert.Matches($@"secretskit: error: the release lock secretskit-release-default \(namespace secretskit-system, context fake\) is held by tester@[^:]+:{holder.Process.Id}/[0-9a-f]{{8}} since 20\d\d-", second.Stderr);
        Assert.Contains("--lock-wait", second.Stderr, StringComparison.Ordinal);
        File.WriteAllText(s.Go, "");
        Assert.True(await holder.ExitAsync() == 0, holder.Stderr);
        Assert.Null(s.LeaseHolder());
    }

    [Fact]
    public async Task The_lock_of_a_killed_holder_is_taken_over_within_ttl_and_a_third()
    {
        await using var s = await LockSandbox.StartAsync();
        var ttl = TimeSpan.FromSeconds(9);
        var holder = await s.StartHolderAsync("1", "--lock-ttl", "9s");
        var first = s.LeaseHolder()!;
        var waiter = s.Start("2", "--lock-ttl", "9s", "--lock-wait", "3m");
        while (!waiter.Stderr.Contains("secretskit: waiting up to 3m0s for the release lock", StringComparison.Ordinal))
        {
            Assert.False(waiter.Process.HasExited, waiter.Stderr);
            await Task.Delay(50);
        }

        holder.Process.Kill(entireProcessTree: false); // SIGKILL: nothing of the holder runs afterwards
        var killed = DateTimeOffset.UtcNow;
        await holder.Process.WaitForExitAsync();

        Assert.True(await waiter.ExitAsync() == 0, waiter.Stderr);
        Assert.Contains($"held by {first}", waiter.Stderr, StringComparison.Ordinal);
        Assert.Contains($"from {first} since ", waiter.Stderr, StringComparison.Ordinal);
        var taken = TakenAt(waiter.Stderr);
        Assert.True(taken - killed <= ttl + ttl / 3, $"taken over {(taken - killed).TotalSeconds:0.0}s after the kill");
    }

    [Fact]
    public async Task Twenty_concurrent_applies_with_lock_wait_all_deploy_one_after_the_other()
    {
        await using var s = await LockSandbox.StartAsync();
        var runs = Enumerable.Range(1, 20).Select(i => s.RunAsync(i.ToString(CultureInfo.InvariantCulture), "apply", "--lock-wait", "14m")).ToList();
        var results = await Task.WhenAll(runs);

        foreach (var r in results)
        {
            Assert.True(r.ExitCode == 0, r.Stderr + r.StdoutText);
            Assert.DoesNotContain("another operation", r.Stderr + r.StdoutText, StringComparison.Ordinal);
        }
        var history = await s.Helm.RunAsync(["history", "web", "-n", "acme", "--max", "1", "-o", "json"], new Dictionary<string, string?> { ["KUBECONFIG"] = null, ["HOME"] = s.Home });
        Assert.Contains("\"revision\":20", history.StdoutText, StringComparison.Ordinal);
        Assert.Null(s.LeaseHolder());
    }

    [Fact]
    public async Task Ctrl_c_gives_the_lock_back_before_the_process_ends()
    {
        await using var s = await LockSandbox.StartAsync();
        var holder = await s.StartHolderAsync("1");
        Assert.NotNull(s.LeaseHolder());

        Assert.Equal(0, Kill(holder.Process.Id, 2)); // SIGINT
        await holder.ExitAsync();

        Assert.Null(s.LeaseHolder());
        var next = await s.RunAsync("2", "apply");
        Assert.True(next.ExitCode == 0, next.Stderr);
    }

    [Fact]
    public async Task Unlock_prints_the_holder_and_clears_it_and_the_holder_stops_before_its_next_helm_call()
    {
        await using var s = await LockSandbox.StartAsync();
        var holder = await s.StartHolderAsync("1", "--lock-ttl", "3s");
        var held = s.LeaseHolder()!;

        var unlock = await s.RunAsync("2", "unlock");

        Assert.True(unlock.ExitCode == 0, unlock.Stderr);
        Assert.Contains($"secretskit-release-default (namespace secretskit-system, context fake): was held by {held} since ", unlock.StdoutText, StringComparison.Ordinal);
        // the holder renews every second: it finds the lock cleared and takes note before the hook lets it go on
        while (s.LeaseHolder() is null) await Task.Delay(50);
        File.WriteAllText(s.Go, "");
        Assert.Equal(11, await holder.ExitAsync());
        Assert.Contains("was lost to an unlock", holder.Stderr, StringComparison.Ordinal);
        Assert.Null(s.LeaseHolder());
    }

    [Fact]
    public async Task No_lock_warns_and_takes_no_lease()
    {
        await using var s = await LockSandbox.StartAsync();
        var r = await s.RunAsync("1", "apply", "--no-lock");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("secretskit: warning: --no-lock: secretskit-release-default is not taken", r.Stderr, StringComparison.Ordinal);
        Assert.Null(s.Lease());
    }

    /// <summary>When the run says it took the lock over (its own clock, as the Lease records it).</summary>
    private static DateTimeOffset TakenAt(string stderr)
    {
        var match = System.Text.RegularExpressions.Regex.Match(stderr, @"took over the release lock \S+ \(context [^)]*\) at (\S+)");
        Assert.True(match.Success, stderr);
        return DateTimeOffset.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
