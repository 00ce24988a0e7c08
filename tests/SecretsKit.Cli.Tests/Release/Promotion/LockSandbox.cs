using System.Diagnostics;
using System.Text;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// One small release (a ConfigMap chart) on the Kubernetes API fake for the release-lock tests, with the real helm. Every
/// run sets the value <c>run</c> from <c>RUN_ID</c>, so each apply upgrades; with <c>HOLD=1</c> a presync hook holds the run
/// (and its lock) until the test creates the file <see cref="Go"/>, after saying so in <see cref="Started"/>.
/// </summary>
internal sealed class LockSandbox : IAsyncDisposable
{
    private readonly TempDir _dir = new("sk-lock-");

    private LockSandbox(string helmVersion) => Helm = new RealHelm(version: helmVersion);

    public RealHelm Helm { get; }

    public DocsCluster Cluster { get; private set; } = null!;

    public string WorkDir => _dir.Path;

    public string Home => _dir.File("home");

    public string Go => _dir.File("go");

    public string Started => _dir.File("started");

    public static async Task<LockSandbox> StartAsync(string helmVersion = RealHelm.Version)
    {
        var s = new LockSandbox(helmVersion);
        s.Cluster = await DocsCluster.StartAsync(s.Home, []);
        s._dir.Write("chart/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
        s._dir.Write("chart/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  run: {{ .Values.run | quote }}\n");
        var hold = $"while [ ! -f '{s.Go}' ]; do sleep 0.05; done";
        s._dir.Write("helmfile.yaml", "releases:\n  - name: web\n    namespace: acme\n    chart: ./chart\n    set:\n      - name: run\n"
            + "        value: '{{ env \"RUN_ID\" | default \"0\" }}'\n"
            + "{{- if env \"HOLD\" }}\n    hooks:\n      - events: [presync]\n        command: sh\n"
            + $"        args: [\"-c\", \"touch '{s.Started}'; {hold}\"]\n"
            + "{{- end }}\n");
        return s;
    }

    public Dictionary<string, string?> Env(string runId, bool hold = false)
    {
        var env = Helm.Environment();
        env["KUBECONFIG"] = null;
        env["HOME"] = Home;
        env["USER"] = "tester";
        env["RUN_ID"] = runId;
        env["HOLD"] = hold ? "1" : null;
        return env;
    }

    /// <summary><c>secretskit release ARGS</c> (no validate, policy or unittest stage: the lock is what is tested).</summary>
    public Task<ProcessRun.Result> RunAsync(string runId, params string[] args) =>
        CliRunner.RunAsync(["release", .. args, "--skip-validate", "--skip-policy", "--skip-unittest"], Env(runId), cwd: WorkDir, timeout: TimeSpan.FromMinutes(15));

    /// <summary>Starts <c>release apply</c> in the background (not held), its output collected as it comes.</summary>
    public Holder Start(string runId, params string[] extra) =>
        new(Process.Start(CliRunner.StartInfo(["release", "apply", "--skip-validate", "--skip-policy", "--skip-unittest", .. extra], Env(runId), WorkDir))!);

    /// <summary>Starts <c>release apply</c> holding its lock in the presync hook; returns once the hook runs.</summary>
    public async Task<Holder> StartHolderAsync(string runId, params string[] extra)
    {
        var psi = CliRunner.StartInfo(["release", "apply", "--skip-validate", "--skip-policy", "--skip-unittest", .. extra], Env(runId, hold: true), WorkDir);
        var process = Process.Start(psi)!;
        var holder = new Holder(process);
        var waited = Stopwatch.StartNew();
        while (!File.Exists(Started))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new InvalidOperationException($"the holder did not reach its hook: exit {(process.HasExited ? process.ExitCode : -1)}\n{holder.Stderr}");
            }
            await Task.Delay(50);
        }
        return holder;
    }

    /// <summary>The Lease of the release lock of <c>default</c>, or null.</summary>
    public System.Text.Json.Nodes.JsonObject? Lease() =>
        Cluster.Server.TryGet(SecretsKit.Testing.Kubernetes.FakeResourceType.Lease, "secretskit-system", "secretskit-release-default");

    public string? LeaseHolder() => Lease()?["spec"]?["holderIdentity"]?.GetValue<string>();

    public async ValueTask DisposeAsync()
    {
        File.WriteAllText(Go, "");
        await Cluster.DisposeAsync();
        Helm.Dispose();
        _dir.Dispose();
    }

    /// <summary>A run started in the background, its output collected as it comes.</summary>
    internal sealed class Holder
    {
        private readonly StringBuilder _stderr = new();
        private readonly StringBuilder _stdout = new();

        public Holder(Process process)
        {
            Process = process;
            process.ErrorDataReceived += (_, e) => { lock (_stderr) _stderr.AppendLine(e.Data); };
            process.OutputDataReceived += (_, e) => { lock (_stdout) _stdout.AppendLine(e.Data); };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            process.StandardInput.Close();
        }

        public Process Process { get; }

        public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

        public async Task<int> ExitAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            await Process.WaitForExitAsync(timeout.Token);
            CliRunner.Record(Process.StartInfo.ArgumentList.Skip(1).ToList(), _stdout.ToString(), Stderr);
            return Process.ExitCode;
        }
    }
}
