using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.KeyService;

/// <summary>
/// An independent gRPC implementation: node's @grpc/grpc-js with @grpc/proto-loader (installed by scripts/setup.sh into
/// <c>.tools/grpc-node</c>), loading <see cref="Proto"/>, a proto written here from sops's documented messages and field
/// numbers (not the repository's copy). <see cref="CallAsync"/> is a sops-like client; <see cref="ServeAsync"/> a key
/// service that records each request's key and "wraps" by prefixing <c>peer:</c> to the base64 of the plaintext.
/// </summary>
internal static class GrpcJsPeer
{
    public const string Proto = """
        syntax = "proto3";
        message Key { oneof key_type { KmsKey kms_key = 1; PgpKey pgp_key = 2; GcpKmsKey gcp_kms_key = 3;
          AzureKeyVaultKey azure_keyvault_key = 4; VaultKey vault_key = 5; AgeKey age_key = 6; HckmsKey hckms_key = 7; } }
        message PgpKey { string fingerprint = 1; }
        message KmsKey { string arn = 1; string role = 2; map<string, string> context = 3; string aws_profile = 4; }
        message GcpKmsKey { string resource_id = 1; }
        message VaultKey { string vault_address = 1; string engine_path = 2; string key_name = 3; }
        message AzureKeyVaultKey { string vault_url = 1; string name = 2; string version = 3; }
        message AgeKey { string recipient = 1; }
        message HckmsKey { string key_id = 1; }
        message EncryptRequest { Key key = 1; bytes plaintext = 2; }
        message EncryptResponse { bytes ciphertext = 1; }
        message DecryptRequest { Key key = 1; bytes ciphertext = 2; }
        message DecryptResponse { bytes plaintext = 1; }
        service KeyService { rpc Encrypt (EncryptRequest) returns (EncryptResponse) {} rpc Decrypt (DecryptRequest) returns (DecryptResponse) {} }
        """;

    private const string Loader = """
        const grpc = require('@grpc/grpc-js');
        const loader = require('@grpc/proto-loader');
        const def = loader.loadSync(process.argv[2], { keepCase: true, defaults: false, oneofs: true });
        const KeyService = grpc.loadPackageDefinition(def).KeyService;
        """;

    private const string ClientScript = Loader + """
        const client = new KeyService(process.argv[3], grpc.credentials.createInsecure());
        let input = '';
        process.stdin.on('data', d => input += d);
        process.stdin.on('end', async () => {
          const out = [];
          for (const c of JSON.parse(input)) {
            const req = { key: c.key };
            req[c.method === 'Encrypt' ? 'plaintext' : 'ciphertext'] = Buffer.from(c.data, 'base64');
            out.push(await new Promise(done => client[c.method](req, { deadline: Date.now() + 60000 }, (err, rsp) =>
              done(err ? { code: err.code, details: err.details }
                       : { code: 0, data: Buffer.from(c.method === 'Encrypt' ? rsp.ciphertext : rsp.plaintext).toString('base64') }))));
          }
          process.stdout.write(JSON.stringify(out));
          client.close();
        });
        """;

    private const string ServerScript = Loader + """
        const fs = require('fs');
        const log = process.argv[4];
        const server = new grpc.Server();
        const record = (method, call) => fs.appendFileSync(log, JSON.stringify({ method, key: call.request.key }) + '\n');
        server.addService(KeyService.service, {
          Encrypt: (call, cb) => { record('Encrypt', call);
            cb(null, { ciphertext: Buffer.from('peer:' + Buffer.from(call.request.plaintext).toString('base64')) }); },
          Decrypt: (call, cb) => { record('Decrypt', call);
            const text = Buffer.from(call.request.ciphertext).toString();
            if (!text.startsWith('peer:')) return cb({ code: grpc.status.INVALID_ARGUMENT, details: 'not wrapped by this peer' });
            cb(null, { plaintext: Buffer.from(text.slice(5), 'base64') }); },
        });
        server.bindAsync(process.argv[3], grpc.ServerCredentials.createInsecure(), (err, port) => {
          if (err) { console.error(err.message); process.exit(1); }
          console.log('LISTENING ' + port);
        });
        process.on('SIGTERM', () => server.tryShutdown(() => process.exit(0)));
        """;

    private const string LoadScript = Loader + """
        const client = new KeyService(process.argv[3], grpc.credentials.createInsecure());
        const call = JSON.parse(process.argv[4]);
        const [seconds, concurrency] = [Number(process.argv[5]), Number(process.argv[6])];
        const req = { key: call.key };
        req[call.method === 'Encrypt' ? 'plaintext' : 'ciphertext'] = Buffer.from(call.data, 'base64');
        const once = () => new Promise(done => {
          const start = process.hrtime.bigint();
          client[call.method](req, { deadline: Date.now() + 10000 }, (err, rsp) => {
            const ms = Number(process.hrtime.bigint() - start) / 1e6;
            if (err) return done({ ms, code: err.code });
            const out = Buffer.from(call.method === 'Encrypt' ? rsp.ciphertext : rsp.plaintext).toString('base64');
            done({ ms, code: 0, wrong: call.expect !== undefined && out !== call.expect });
          });
        });
        (async () => {
          await once(); // connect before the clock starts
          console.error('CONNECTED');
          const results = [];
          const end = Date.now() + seconds * 1000;
          const worker = async () => { while (Date.now() < end) results.push(await once()); };
          await Promise.all(Array.from({ length: concurrency }, worker));
          const ms = results.map(r => r.ms).sort((a, b) => a - b);
          const at = q => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
          process.stdout.write(JSON.stringify({ calls: results.length, errors: results.filter(r => r.code !== 0).length,
            wrong: results.filter(r => r.wrong).length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: ms[ms.length - 1] }));
          client.close();
        })();
        """;

    /// <summary>What <see cref="LoadAsync"/> measured: calls made, failed, answered wrongly, and latencies in ms.</summary>
    internal sealed record LoadReport(int Calls, int Errors, int Wrong, double P50, double P95, double P99, double Max)
    {
        public override string ToString() => $"{Calls} calls, {Errors} failed, {Wrong} wrong, p50 {P50:0.0} ms, p95 {P95:0.0} ms, p99 {P99:0.0} ms, max {Max:0.0} ms";
    }

    /// <summary>
    /// A legitimate sops-like client under load: <paramref name="concurrency"/> calls at a time on one channel for
    /// <paramref name="seconds"/>, each answer compared with <c>expect</c> (base64) when the call has one.
    /// </summary>
    public static async Task<LoadReport> LoadAsync(string target, JsonObject call, double seconds, int concurrency)
    {
        await using var load = await StartLoadAsync(target, call, seconds, concurrency);
        return await load.ReportAsync();
    }

    /// <summary>Starts <see cref="LoadAsync"/>'s client and returns once its connection is up (its first call answered).</summary>
    public static async Task<RunningLoad> StartLoadAsync(string target, JsonObject call, double seconds, int concurrency)
    {
        var dir = new TempDir();
        var proto = Write(dir, "keyservice-peer.proto", Proto);
        var script = Write(dir, "load.js", LoadScript);
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { script, proto, target, call.ToJsonString(), seconds.ToString(CultureInfo.InvariantCulture), concurrency.ToString(CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["NODE_PATH"] = NodeModules;
        var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var line = await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line != "CONNECTED")
        {
            process.Kill(entireProcessTree: true);
            dir.Dispose();
            Assert.Fail($"the load client did not connect: {line} {await process.StandardError.ReadToEndAsync()}");
        }
        return new RunningLoad(process, stdout, dir, seconds);
    }

    internal sealed class RunningLoad(Process process, Task<string> stdout, TempDir dir, double seconds) : IAsyncDisposable
    {
        public async Task<LoadReport> ReportAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 60));
            await process.WaitForExitAsync(timeout.Token);
            var errors = await process.StandardError.ReadToEndAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, errors);
            var o = JsonNode.Parse(await stdout)!.AsObject();
            return new LoadReport((int)o["calls"]!, (int)o["errors"]!, (int)o["wrong"]!, (double)o["p50"]!, (double)o["p95"]!, (double)o["p99"]!, (double)o["max"]!);
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
            dir.Dispose();
        }
    }

    private static string NodeModules => Path.Combine(SharedFixtures.RepositoryRoot, ".tools", "grpc-node", "node_modules");

    private static string Write(TempDir dir, string name, string text) => dir.Write(name, text);

    private static Dictionary<string, string?> NodeEnv => new() { ["NODE_PATH"] = NodeModules };

    /// <summary>Runs the calls (<c>method</c>, <c>key</c> as proto-loader JSON, <c>data</c> base64) in order; one result each.</summary>
    public static async Task<JsonArray> CallAsync(string target, JsonArray calls)
    {
        using var dir = new TempDir();
        var proto = Write(dir, "keyservice-peer.proto", Proto);
        var script = Write(dir, "client.js", ClientScript);
        var run = await ProcessRun.RunAsync("node", [script, proto, target], NodeEnv, Encoding.UTF8.GetBytes(calls.ToJsonString()), timeout: TimeSpan.FromSeconds(120));
        Assert.True(run.ExitCode == 0, run.Stderr);
        return JsonNode.Parse(run.StdoutText)!.AsArray();
    }

    /// <summary>Starts the recording peer server on <paramref name="bind"/> (<c>127.0.0.1:0</c> or <c>unix:///path</c>).</summary>
    public static async Task<PeerServer> ServeAsync(TempDir dir, string bind = "127.0.0.1:0")
    {
        var proto = Write(dir, "keyservice-peer.proto", Proto);
        var script = Write(dir, "server.js", ServerScript);
        var log = dir.File("peer-requests.jsonl");
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { script, proto, bind, log }) psi.ArgumentList.Add(a);
        psi.Environment["NODE_PATH"] = NodeModules;
        var process = Process.Start(psi)!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line?.StartsWith("LISTENING ", StringComparison.Ordinal) != true)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("peer did not start: " + await process.StandardError.ReadToEndAsync());
        }
        var uri = bind.StartsWith("unix://", StringComparison.Ordinal) ? bind : $"tcp://127.0.0.1:{line!["LISTENING ".Length..]}";
        return new PeerServer(process, uri, log);
    }

    internal sealed class PeerServer(Process process, string uri, string log) : IAsyncDisposable
    {
        public string Uri => uri;

        /// <summary>Every request received so far: <c>{ method, key: { key_type, &lt;kind&gt;: { fields } } }</c>.</summary>
        public IReadOnlyList<JsonObject> Requests => File.Exists(log)
            ? File.ReadAllLines(log).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList()
            : [];

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }
}
