using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Core.Keys;
using SecretsKit.Core.KeyService;
using SecretsKit.Testing.Common;
using Xunit.Abstractions;

namespace SecretsKit.Cli.Tests.KeyService;

/// <summary>
/// The attacks of issues #47 and #61 against the real <c>secretskit keyservice</c> process, each from a raw HTTP/2 client
/// (<see cref="H2Attacker"/>) while a legitimate sops-like client (grpc-js, <see cref="GrpcJsPeer.LoadAsync"/>) keeps
/// decrypting on its own connection. Every attack must end with the server alive, its peak memory under 200 MB, no
/// legitimate call failed or answered wrongly, their p95 within 4x the p95 of the same client against a control server
/// nobody attacks, measured at the same time (so the machine's own load is on both sides), and correct answers after.
/// p95, not p99: the client keeps 4 calls in flight, so one scheduling stall of a loaded machine delays 4 samples at once,
/// which is past 1 % of a short window's few hundred calls but not past 5 %; a server that queues legitimate calls behind
/// an attack's work moves far more than 5 % of them. Every window is at least <see cref="MinSeconds"/> long.
/// </summary>
public sealed class KeyServiceAttackTests(ITestOutputHelper output)
{
    private const long MemoryBudget = 200L * 1024 * 1024;
    private const int Legitimate = 4; // calls at a time
    private const double IdleSeconds = 3;
    private const double AttackSeconds = 8;
    private const double MinSeconds = 4;

    /// <summary>What the legitimate client measured against the attacked server and, at the same time, the control.</summary>
    private sealed record Measured(GrpcJsPeer.LoadReport Attacked, GrpcJsPeer.LoadReport Control)
    {
        public int Calls => Attacked.Calls;
    }

    /// <summary>
    /// The p95 a control run is taken as at least: on this shared 2-core machine a p95 of a few ms is noise-sized, and
    /// 4x of it would measure the neighbours, not the attack.
    /// </summary>
    private const double P95FloorMs = 25;

    private static readonly byte[] DataKey = Enumerable.Range(1, 32).Select(i => (byte)(i * 5)).ToArray();

    private static JsonObject AgeKey(string recipient) => new() { ["age_key"] = new JsonObject { ["recipient"] = recipient } };

    private static Task<KeyServiceServerProcess> StartAsync(string? socket = null, int? descriptorLimit = null) =>
        KeyServiceServerProcess.StartAsync(new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile }, socket, descriptorLimit);

    /// <summary>
    /// A legitimate decrypt (a data key the server wrapped for its own recipient), the idle p99 of the legitimate client,
    /// and a control: a second key service with the same identity that no attack reaches.
    /// </summary>
    private sealed record Scene(KeyServiceServerProcess Server, KeyServiceServerProcess Control, JsonObject Decrypt, byte[] Ciphertext,
        GrpcJsPeer.LoadReport Idle, ITestOutputHelper Output) : IAsyncDisposable
    {
        public static async Task<Scene> PrepareAsync(KeyServiceServerProcess server, ITestOutputHelper output)
        {
            var control = await StartAsync();
            try
            {
                var wrapped = await GrpcJsPeer.CallAsync(server.GrpcTarget,
                    [new JsonObject { ["method"] = "Encrypt", ["key"] = AgeKey(TestKeys.AgeRecipient), ["data"] = Convert.ToBase64String(DataKey) }]);
                Assert.True((int)wrapped[0]!["code"]! == 0, wrapped.ToJsonString() + server.Stderr);
                var ciphertext = Convert.FromBase64String((string)wrapped[0]!["data"]!);
                var decrypt = new JsonObject
                {
                    ["method"] = "Decrypt", ["key"] = AgeKey(TestKeys.AgeRecipient),
                    ["data"] = Convert.ToBase64String(ciphertext), ["expect"] = Convert.ToBase64String(DataKey),
                };
                var idle = await GrpcJsPeer.LoadAsync(server.GrpcTarget, decrypt, IdleSeconds, Legitimate);
                Assert.True(idle.Errors == 0 && idle.Wrong == 0 && idle.Calls > 0, $"idle: {idle}");
                return new Scene(server, control, decrypt, ciphertext, idle, output);
            }
            catch
            {
                await control.DisposeAsync();
                throw;
            }
        }

        public ValueTask DisposeAsync() => Control.DisposeAsync();

        /// <summary>
        /// The legitimate client's load on the attacked server and on the control while <paramref name="attack"/> runs (it
        /// starts once both clients are connected).
        /// </summary>
        public async Task<(Measured Load, JsonObject Attack)> UnderAttackAsync(Func<Task<JsonObject>> attack, double seconds = AttackSeconds - 1)
        {
            seconds = Math.Max(seconds, MinSeconds);
            await using var load = await GrpcJsPeer.StartLoadAsync(Server.GrpcTarget, Decrypt, seconds, Legitimate);
            await using var control = await GrpcJsPeer.StartLoadAsync(Control.GrpcTarget, Decrypt, seconds, Legitimate);
            var attacking = attack();
            var report = await load.ReportAsync();
            var controlReport = await control.ReportAsync();
            return (new Measured(report, controlReport), await attacking);
        }

        /// <summary>The message a raw client sends for the legitimate decrypt (base64, for the attacker's command line).</summary>
        public string DecryptMessage(string recipient) => Convert.ToBase64String(KeyServiceCodec.EncodeRequest(
            new MasterKeyEntry("age", new Dictionary<string, string> { ["recipient"] = recipient }), Ciphertext));

        public async Task AssertSurvivedAsync(Measured load, JsonObject attack)
        {
            var underAttack = load.Attacked;
            var what = $"attack {attack.ToJsonString()}; idle before {Idle}; under attack {underAttack}; control meanwhile {load.Control}";
            Assert.False(Server.Process.HasExited, $"the key service died: {what}\n{Server.Stderr}");
            Output.WriteLine($"{what}; peak memory {Server.PeakResidentBytes / 1048576} MB");
            Assert.True(Server.PeakResidentBytes < MemoryBudget, $"peak memory {Server.PeakResidentBytes / 1048576} MB: {what}");
            Assert.True(underAttack.Errors == 0 && underAttack.Wrong == 0 && underAttack.Calls > 0, what);
            Assert.True(load.Control.Errors == 0 && load.Control.Wrong == 0 && load.Control.Calls > 0, what);
            Assert.True(underAttack.P95 <= 4 * Math.Max(load.Control.P95, P95FloorMs), $"legitimate p95 past 4x the control's: {what}");
            var after = await GrpcJsPeer.CallAsync(Server.GrpcTarget, [Decrypt]); // a new connection
            Assert.True((int)after[0]!["code"]! == 0, after.ToJsonString());
            Assert.Equal(DataKey, Convert.FromBase64String((string)after[0]!["data"]!));
        }

        /// <summary>Decrypts the log says were answered.</summary>
        public int LoggedDecrypts => Server.Stderr.Split('\n').Count(l => l.Contains("] decrypt request with", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("rapid-reset")]
    [InlineData("rapid-reset-no-read")]
    public async Task Rapid_reset_runs_no_work_for_reset_streams_and_legitimate_calls_keep_their_latency(string mode)
    {
        await using var server = await StartAsync();
        await using var scene = await Scene.PrepareAsync(server, output);
        var before = scene.LoggedDecrypts;
        var (load, attack) = await scene.UnderAttackAsync(() =>
            H2Attacker.RunAsync(mode, server.GrpcTarget, "--seconds", $"{AttackSeconds}", "--message-b64", scene.DecryptMessage(TestKeys.AgeRecipient)));
        Assert.True((int)attack["streams"]! > 10_000, attack.ToJsonString()); // the attack did run
        await scene.AssertSurvivedAsync(load, attack);
        // Each reset stream carried a complete decrypt; the work gate drops a call whose stream is reset before it runs.
        // At most the streams of one window of running slots may slip through; the issue saw 61,795 decrypts in 10 s.
        var attackDecrypts = scene.LoggedDecrypts - before - (load.Calls + 1) - 1;
        Assert.True(attackDecrypts <= 100, $"{attackDecrypts} decrypts ran for reset streams ({attack.ToJsonString()})");
    }

    [Fact]
    public async Task Sixty_four_streams_of_4_MiB_bodies_without_end_stream_are_cut_at_the_body_limit()
    {
        await using var server = await StartAsync();
        await using var scene = await Scene.PrepareAsync(server, output);
        var (load, attack) = await scene.UnderAttackAsync(() =>
            H2Attacker.RunAsync("big-bodies", server.GrpcTarget, "--seconds", $"{AttackSeconds}", "--connections", "4"));
        Assert.Equal(64, (int)attack["streams"]!);
        // Every stream was reset once past the body limit (128 KiB): far less than 64 x 4 MiB was ever taken in.
        Assert.Equal(64, (int)attack["resets"]!);
        Assert.True((long)attack["body_bytes_sent"]! < 64L * 256 * 1024, attack.ToJsonString());
        await scene.AssertSurvivedAsync(load, attack);
    }

    [Fact]
    public async Task A_thousand_idle_connections_under_a_1024_descriptor_limit_are_capped_and_closed_and_the_server_lives()
    {
        await using var server = await StartAsync(descriptorLimit: 1024);
        await using var scene = await Scene.PrepareAsync(server, output);
        // Connections past the cap are closed at once; the rest by the idle timeout (10 s), all within the attack's 16 s.
        var (load, attack) = await scene.UnderAttackAsync(() =>
            H2Attacker.RunAsync("idle", server.GrpcTarget, "--seconds", "16", "--connections", "1000"));
        Assert.Equal(1000, (int)attack["opened"]! + (int)attack["refused"]!);
        Assert.Equal((int)attack["opened"]!, (int)attack["closed_by_server"]!);
        await scene.AssertSurvivedAsync(load, attack);
    }

    [Fact]
    public async Task Answers_waiting_for_windows_that_never_open_are_bounded_per_connection_and_ended_by_the_server()
    {
        await using var server = await StartAsync();
        await using var scene = await Scene.PrepareAsync(server, output);
        // 300 connections (past the cap of 256) with stream windows of 0, each sending 32 decrypts (twice the streams a
        // connection may have) and never a WINDOW_UPDATE: each answer can only wait in the server, at the most the cap allows
        var (load, attack) = await scene.UnderAttackAsync(() => H2Attacker.RunAsync("closed-window", server.GrpcTarget,
            "--seconds", "30", "--connections", "300", "--streams", "32", "--message-b64", scene.DecryptMessage(TestKeys.AgeRecipient)));
        var what = attack.ToJsonString();
        Assert.True((int)attack["connections"]! + (int)attack["refused"]! == 300, what);
        Assert.True((int)attack["data_frames"]! == 0, what); // no answer ever had a window to go out in
        // Kestrel counts a stream until its answer has ended: past 16 a stream is refused (REFUSED_STREAM), so at most 16
        // answers of a connection wait, and some did wait (the attack held answers)
        Assert.True((int?)attack["reset_codes"]!["7"] > 0, what);
        Assert.InRange((int)attack["most_waiting"]!, 1, 16);
        // every connection holding answers it never lets out is ended by the server (the response-rate timeout), not held
        // until the client gives up; one over the connection cap is closed as soon as it is accepted
        Assert.True((int)attack["closed_by_server"]! == (int)attack["connections"]!, what);
        await scene.AssertSurvivedAsync(load, attack);
    }

    [Fact]
    public async Task A_length_prefix_of_4_GiB_is_answered_resource_exhausted_before_the_message_is_read()
    {
        await using var server = await StartAsync();
        await using var scene = await Scene.PrepareAsync(server, output);
        var (load, attack) = await scene.UnderAttackAsync(() => H2Attacker.RunAsync("huge-prefix", server.GrpcTarget), seconds: 2);
        Assert.True((string?)attack["headers"]?["grpc-status"] == "8", attack.ToJsonString()); // RESOURCE_EXHAUSTED, with 10 bytes sent
        await scene.AssertSurvivedAsync(load, attack);
    }

    [Theory]
    [InlineData(null)] // a TLS ClientHello
    [InlineData("bytes")] // 24 bytes that are not the preface
    [InlineData("http1")] // an HTTP/1.1 request
    public async Task A_connection_that_does_not_open_with_the_http2_preface_gets_a_goaway_and_is_closed_at_once(string? garbage)
    {
        await using var server = await StartAsync();
        await using var scene = await Scene.PrepareAsync(server, output);
        string[] options = garbage is null ? ["--connections", "20"] : ["--connections", "20", "--garbage", garbage];
        var (load, attack) = await scene.UnderAttackAsync(() => H2Attacker.RunAsync("bad-preface", server.GrpcTarget, options), seconds: 3);
        Assert.Equal(20, (int)attack["closed"]!);
        Assert.Equal(20, (int)attack["goaways"]!);
        // Kestrel alone held such a connection until its handshake timeout (10 s); closed on the first wrong byte, it is far below
        Assert.True((double)attack["max_after_s"]! < KeyServiceHandshakeSeconds / 2, attack.ToJsonString());
        await scene.AssertSurvivedAsync(load, attack);
    }

    private const double KeyServiceHandshakeSeconds = 10;

    [Fact]
    public async Task Every_hpack_bomb_connection_is_ended_with_a_goaway()
    {
        await using var server = await StartAsync();
        await using var scene = await Scene.PrepareAsync(server, output);
        var (load, attack) = await scene.UnderAttackAsync(() => H2Attacker.RunAsync("hpack-bomb", server.GrpcTarget, "--seconds", $"{AttackSeconds}"));
        Assert.True((int)attack["connections"]! > 500, attack.ToJsonString()); // the attack did run
        Assert.True((int)attack["no_goaway"]! == 0, attack.ToJsonString());
        await scene.AssertSurvivedAsync(load, attack);
    }

    [Fact]
    public async Task Cr_lf_in_the_path_or_in_a_recipient_never_forges_a_log_line_and_decrypts_log_the_key_that_opened_them()
    {
        await using var server = await StartAsync();
        await using var scene = await Scene.PrepareAsync(server, output);
        const string Forged = "[KEYSERVICE]\t INFO[2000-01-01T00:00:00Z] forged";
        var path = await H2Attacker.RunAsync("header-crlf", server.GrpcTarget, "--message-b64", scene.DecryptMessage(TestKeys.AgeRecipient));
        Assert.True(path["goaway"] is not null || path["reset"] is not null, path.ToJsonString()); // malformed (RFC 9113 §8.2.1)
        var claim = $"age1claimed\r\n{Forged} by the recipient";
        var decrypt = await H2Attacker.RunAsync("call", server.GrpcTarget, "--path", "/KeyService/Decrypt", "--message-b64", scene.DecryptMessage(claim));
        Assert.Equal("0", (string?)decrypt["headers"]!["grpc-status"]); // the claim is not what decrypts
        var encrypt = Convert.ToBase64String(KeyServiceCodec.EncodeRequest(
            new MasterKeyEntry("age", new Dictionary<string, string> { ["recipient"] = claim }), DataKey));
        var refused = await H2Attacker.RunAsync("call", server.GrpcTarget, "--path", "/KeyService/Encrypt", "--message-b64", encrypt);
        Assert.NotEqual("0", (string?)refused["headers"]!["grpc-status"]);

        var (load, _) = await scene.UnderAttackAsync(() => Task.FromResult(new JsonObject()), seconds: 2);
        await scene.AssertSurvivedAsync(load, path);
        var lines = server.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.StartsWith("[KEYSERVICE]\t INFO[20", l, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith(Forged, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("age1claimed\\r\\n[KEYSERVICE]", StringComparison.Ordinal)); // escaped, on its own line
        Assert.DoesNotContain(lines, l => l.Contains("decrypt request with age key age1claimed", StringComparison.Ordinal));
        Assert.True(lines.Count(l => l.EndsWith($"decrypt request with age key {TestKeys.AgeRecipient}", StringComparison.Ordinal)) > scene.Idle.Calls);
    }

    [Fact]
    public async Task Sigterm_while_clients_do_not_read_ends_the_process_by_the_deadline_and_removes_the_socket()
    {
        using var dir = new TempDir();
        var socket = dir.File("ks.sock");
        var server = await StartAsync(socket);
        await using (server)
        {
            await using var scene = await Scene.PrepareAsync(server, output);
            // 20 connections with 2 GiB receive windows, 6 encrypts of 40 KiB each, never reading: the answers (54 KiB of
            // armored age each) fill the socket buffers and the server's writes stall.
            var encrypt = Convert.ToBase64String(KeyServiceCodec.EncodeRequest(
                new MasterKeyEntry("age", new Dictionary<string, string> { ["recipient"] = TestKeys.AgeRecipient }), new byte[40 * 1024]));
            using var holder = await H2Attacker.StartHoldingAsync("no-read", server.Uri, "--seconds", "60", "--connections", "20", "--message-b64", encrypt);
            try
            {
                var (load, _) = await scene.UnderAttackAsync(() => Task.FromResult(new JsonObject { ["mode"] = "no-read" }), seconds: 2);
                await scene.AssertSurvivedAsync(load, new JsonObject { ["mode"] = "no-read" });
                var clock = Stopwatch.StartNew();
                Assert.Equal(0, await server.StopAsync());
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"stopped after {clock.Elapsed}"); // deadline 10 s
            }
            finally
            {
                holder.Kill(entireProcessTree: true);
            }
        }
        Assert.False(File.Exists(socket));
        Assert.Contains("Caught signal SIGTERM: shutting down.", server.Stderr, StringComparison.Ordinal);
        await using var next = await StartAsync(socket); // the next start is not refused
        var answer = await GrpcJsPeer.CallAsync(next.GrpcTarget,
            [new JsonObject { ["method"] = "Encrypt", ["key"] = AgeKey(TestKeys.AgeRecipient), ["data"] = Convert.ToBase64String(DataKey) }]);
        Assert.Equal(0, (int)answer[0]!["code"]!);
        Assert.StartsWith("-----BEGIN AGE", Encoding.UTF8.GetString(Convert.FromBase64String((string)answer[0]!["data"]!)), StringComparison.Ordinal);
    }
}
