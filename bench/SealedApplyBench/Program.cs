using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Bench.SealedApplyBench;

/// <summary>
/// Wall time of <c>secretskit release -e dev apply</c> with and without <c>--secrets-as sopssecret</c> on the seed chart
/// (examples/pipeline-app with examples/pipeline's dev values and SOPS secrets), rounds interleaved so a change of load
/// hits both: a first install (a release name of its own per round) and an apply with nothing to change, each by the real
/// CLI process and the real helm against the HTTPS Kubernetes API fake (workloads made ready by its controllers), the
/// real agent decrypting the SopsSecrets (the sealed apply waits for it, as <c>wait: true</c> asks).
/// <code>dotnet run -c Release --project bench/SealedApplyBench -- --cli PATH --agent PATH [--helm PATH] [--rounds N]</code>
/// </summary>
internal static class Program
{
    private const string ClusterRecipient = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun";

    public static async Task<int> Main(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: sealedapplybench --cli secretskit(.dll) --agent secretskit-agent(.dll) [--helm PATH] [--rounds N]");
            return 2;
        }
        var work = Directory.CreateTempSubdirectory("secretskit-sealedbench-").FullName;
        try
        {
            return await RunAsync(options, work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<int> RunAsync(Options options, string work)
    {
        var root = Repository.Root;
        Copy(Path.Combine(root, "examples", "pipeline"), Path.Combine(work, "pipeline"));
        Copy(Path.Combine(root, "examples", "pipeline-app"), Path.Combine(work, "pipeline-app"));
        // bench.yaml has dev only: without the promotion file, apply checks no other stage's recipients
        File.Delete(Path.Combine(work, "pipeline", "secretskit-promotion.yaml"));
        File.WriteAllText(Path.Combine(work, "pipeline", "bench.yaml"), """
            environments:
              dev: {}
            helmDefaults:
              atomic: true
              wait: true
              timeout: 300
              createNamespace: true
            releases:
              - name: {{ requiredEnv "BENCH_RELEASE" }}
                namespace: shop
                chart: ../pipeline-app
                values: [values/common.yaml, values/backend/dev.yaml]
                secrets: [secrets/dev/secrets.yaml]
            """);
        var home = Directory.CreateDirectory(Path.Combine(work, "home")).FullName;
        await using var server = await FakeKubeApiServer.StartAsync(https: true);
        var token = Guid.NewGuid().ToString("N");
        server.AcceptToken(token);
        await using var controllers = FakeClusterControllers.Start(server);
        Directory.CreateDirectory(Path.Combine(home, ".kube"));
        server.WriteKubeconfig(Path.Combine(home, ".kube", "config"), token);
        server.Create(FakeResourceType.Namespace, null, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "shop" } });
        server.Create(FakeResourceType.Secret, "shop", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "sops-age-key", ["namespace"] = "shop" },
            ["data"] = new JsonObject { ["identity.agekey"] = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(root, "tests", "fixtures", "sops", "age-unittest-identity.txt"))) },
        });
        // a free metrics port: the agent's default one may be taken by another agent on the machine, and it would exit
        using var port = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        port.Start();
        var metrics = ((System.Net.IPEndPoint)port.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        port.Stop();
        using var agent = Start(options.Agent, ["--metrics-port", metrics], home, null);
        var rows = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var sealedRun in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var name = $"{(sealedRun ? "sealed" : "plain")}-{round}"; // a release of its own: a first install
                Add(rows, $"{Label(sealedRun)}, first install", await ApplyAsync(options, work, home, name, sealedRun));
            }
            foreach (var sealedRun in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                Add(rows, $"{Label(sealedRun)}, nothing to change", await ApplyAsync(options, work, home, $"{(sealedRun ? "sealed" : "plain")}-{round}", sealedRun));
            }
        }
        Console.WriteLine($"| apply | rounds | best | median |\n|---|---:|---:|---:|");
        foreach (var (label, times) in rows.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {times.Count} | {times[0]:N0} ms | {times[times.Count / 2]:N0} ms |"));
        }
        return 0;
    }

    private static string Label(bool sealedRun) => sealedRun ? "--secrets-as sopssecret" : "plain";

    private static void Add(Dictionary<string, List<double>> rows, string label, double ms)
    {
        if (!rows.TryGetValue(label, out var list)) rows[label] = list = [];
        list.Add(ms);
    }

    /// <summary>One apply of release <paramref name="name"/>, timed; a failed one stops the bench with its output.</summary>
    private static async Task<double> ApplyAsync(Options options, string work, string home, string name, bool sealedRun)
    {
        string[] args = ["release", "-f", "bench.yaml", "-e", "dev", "apply", "--skip-unittest"];
        if (sealedRun) args = [.. args, "--secrets-as", "sopssecret", "--age", ClusterRecipient, "--key-secret", "sops-age-key/identity.agekey"];
        var env = new Dictionary<string, string?>
        {
            ["BENCH_RELEASE"] = name,
            ["SOPS_AGE_KEY_FILE"] = Path.Combine(Repository.Root, "examples", "keys", "age-dev.txt"), // examples/pipeline's dev secrets
            ["HELM_BIN"] = options.Helm,
        };
        var watch = Stopwatch.StartNew();
        using var cli = Start(options.Cli, args, home, env, Path.Combine(work, "pipeline"));
        var output = cli.StandardOutput.ReadToEndAsync();
        var errors = cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync();
        var elapsed = watch.Elapsed.TotalMilliseconds;
        if (cli.ExitCode != 0) throw new InvalidOperationException($"apply {name} failed ({cli.ExitCode}):\n{await output}\n{await errors}");
        return elapsed;
    }

    /// <summary>A program (<c>.dll</c> through <c>dotnet</c>) with this bench's HOME and kubeconfig.</summary>
    private static Process Start(string program, string[] args, string home, Dictionary<string, string?>? env, string? cwd = null)
    {
        var dll = program.EndsWith(".dll", StringComparison.Ordinal);
        var psi = new ProcessStartInfo(dll ? "dotnet" : program)
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = cwd ?? home,
        };
        if (dll) psi.ArgumentList.Add(program);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["HOME"] = home;
        psi.Environment["KUBECONFIG"] = Path.Combine(home, ".kube", "config");
        foreach (var name in new[] { "HELM_CONFIG_HOME", "HELM_DATA_HOME", "HELM_CACHE_HOME", "HELM_PLUGINS", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "SOPS_AGE_RECIPIENTS" })
        {
            psi.Environment.Remove(name);
        }
        foreach (var (k, v) in env ?? []) psi.Environment[k] = v;
        var process = Process.Start(psi)!;
        if (env is null)
        {
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
        return process;
    }

    private static void Copy(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories)) File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    private sealed record Options(string Cli, string Agent, string Helm, int Rounds)
    {
        public static Options? Parse(string[] args)
        {
            string? cli = null, agent = null;
            var helm = Path.Combine(Repository.Root, ".tools", "helm", "3.10.1", "helm");
            var rounds = 5;
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                switch (args[i])
                {
                    case "--cli": cli = Path.GetFullPath(args[i + 1]); break;
                    case "--agent": agent = Path.GetFullPath(args[i + 1]); break;
                    case "--helm": helm = Path.GetFullPath(args[i + 1]); break;
                    case "--rounds": rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                    default: return null;
                }
            }
            return cli is null || agent is null || args.Length % 2 != 0 ? null : new Options(cli, agent, helm, rounds);
        }
    }

    private static class Repository
    {
        public static string Root { get; } = Find();

        private static string Find()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SecretsKit.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException("run from a clone of the repository");
        }
    }
}
