using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SecretsKit.Cloud.KeyService;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.KeyService;

/// <summary>
/// <c>--keyservice</c> on an address that never answers, through the real process: a listener on 127.0.0.1 that accepts
/// connections (the kernel's backlog) and never reads or writes, and one whose backlog is full, so the connect itself
/// never completes. <c>decrypt</c> of a file with two age stanzas fails with exit 128 and one line per key naming the
/// service, after the connect bound (<see cref="GrpcKeyServiceClient.ConnectTimeout"/>, 5 s) and once only: the first
/// key waits for it, the second is not tried again. The silent listener held each key for the 5-minute call timeout, and
/// a full backlog 5 s per key with the message of the call timeout ("no answer within 300 s").
/// </summary>
public sealed class KeyServiceUnreachableTests
{
    private static readonly TimeSpan Bound = GrpcKeyServiceClient.ConnectTimeout;

    [Fact]
    public async Task A_service_that_accepts_and_never_answers_fails_decrypt_once_after_the_connect_bound()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(); // connections complete in the kernel's backlog; nothing reads or answers them

        await AssertFailsOnceAfterTheBoundAsync(((IPEndPoint)listener.LocalEndpoint).Port,
            $"connected, but the server sent nothing within {Bound.TotalSeconds:0} s (is it a key service?)");
    }

    [Fact]
    public async Task A_service_whose_connect_never_completes_fails_decrypt_once_after_the_connect_bound()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0); // a backlog of one connection, which the filler takes: the kernel drops later SYNs
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var filler = new TcpClient();
        await filler.ConnectAsync(IPAddress.Loopback, port);

        await AssertFailsOnceAfterTheBoundAsync(port, $"could not connect within {Bound.TotalSeconds:0} s");
    }

    private static async Task AssertFailsOnceAfterTheBoundAsync(int port, string reason)
    {
        using var dir = new TempDir();
        var path = dir.Write("s.yaml", "password: hunter-unreachable\n");
        var enc = await CliRunner.RunAsync(["encrypt", "-i", "--age", $"{TestKeys.AgeRecipient},{TestKeys.OtherAgeRecipient}", path]);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        var service = $"tcp://127.0.0.1:{port}";

        var clock = Stopwatch.StartNew();
        var decrypt = await CliRunner.RunAsync(["decrypt", "--enable-local-keyservice=false", "--keyservice", service, path],
            new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile });
        var took = clock.Elapsed;

        Assert.True(decrypt.ExitCode == 128, decrypt.Stderr);
        Assert.Contains($"age {TestKeys.AgeRecipient}: key service {service}: {reason} (Unavailable)", decrypt.Stderr, StringComparison.Ordinal);
        Assert.Contains($"age {TestKeys.OtherAgeRecipient}: key service {service}: not tried again: {reason} (Unavailable)", decrypt.Stderr, StringComparison.Ordinal);
        Assert.Equal("", decrypt.StdoutText);
        Assert.DoesNotContain("hunter-unreachable", decrypt.Stderr, StringComparison.Ordinal);
        // it waited for the bound, once (two keys waiting in turn took twice the bound), and no longer
        Assert.True(took >= Bound, $"failed after {took.TotalSeconds:0.0} s, before the {Bound.TotalSeconds:0} s bound");
        Assert.True(took < Bound + TimeSpan.FromSeconds(3), $"took {took.TotalSeconds:0.0} s for a {Bound.TotalSeconds:0} s bound");
    }
}
