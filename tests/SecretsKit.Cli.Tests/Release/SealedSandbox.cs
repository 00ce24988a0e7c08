using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// A release whose secrets file holds 50 random values (SOPS, encrypted with the example age key, which the CLI runs
/// with) and a chart that puts them into a Secret (<c>b64enc</c> in data, one inside a DSN in stringData) and checksums
/// them in a Deployment's pod annotation; the cluster's own age key (another one) for <c>--age</c> and its identity for the
/// agent. With a cluster: the Kubernetes API fake reached through <c>~/.kube/config</c> of a private HOME, and optionally
/// the real <c>secretskit-agent</c> watching it. Everything under one temp dir, TMPDIR included.
/// </summary>
internal sealed class SealedSandbox : IAsyncDisposable
{
    public const string Namespace = "team";

    public const string Release = "web";

    public const string SecretName = "web-creds";

    public static readonly string SourceRecipient = "age1vxlnaw8u4vgv2z0r77m3y0t553ndhz4njg3a5rfwwwwxx5e964vs778sfl";

    private readonly TempDir _root = new("sk-sealed-");
    private DocsCluster? _cluster;
    private Process? _agent;
    private readonly StringBuilder _agentOutput = new();

    public SealedSandbox(string extraTemplate = "")
    {
        Values = Enumerable.Range(1, 50).ToDictionary(i => $"s{i:00}", _ => RandomValue(), StringComparer.Ordinal);
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(TempDirectory);
        Write("chart/Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.1.0\n");
        Write("chart/values.yaml", "secrets: {}\n");
        Write("chart/templates/secret.yaml", SecretTemplate);
        Write("chart/templates/deployment.yaml", DeploymentTemplate);
        if (extraTemplate.Length > 0) Write("chart/templates/extra.yaml", extraTemplate);
        Write("helmfile.yaml", $"helmDefaults:\n  wait: true\n  timeout: 180\nreleases:\n  - name: {Release}\n    namespace: {Namespace}\n    chart: ./chart\n    secrets:\n      - secrets.yaml\n");
    }

    /// <summary>The 50 secret values by key (24 random letters and digits each).</summary>
    public Dictionary<string, string> Values { get; }

    public string WorkDir => Path.Combine(_root.Path, "work");

    public string Home => Path.Combine(_root.Path, "home");

    public string TempDirectory => Path.Combine(_root.Path, "tmp");

    public static string SourceKeyFile => Path.Combine(SharedFixtures.RepositoryRoot, "examples", "keys", "age-example.txt");

    public FakeKubeApiServer Server => _cluster!.Server;

    public string AgentOutput { get { lock (_agentOutput) return _agentOutput.ToString(); } }

    /// <summary>What the DSN in the Secret's stringData reads.</summary>
    public string Dsn => $"postgres://app:{Values["s01"]}@db:5432/app";

    private const string SecretTemplate = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: {{ .Release.Name }}-creds
          labels:
            app: {{ .Release.Name }}
        type: Opaque
        data:
        {{- range $k, $v := .Values.secrets }}
          {{ $k }}: {{ $v | toString | b64enc | quote }}
        {{- end }}
        stringData:
          dsn: {{ printf "postgres://app:%s@db:5432/app" .Values.secrets.s01 | quote }}
        """;

    private const string DeploymentTemplate = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}
        spec:
          replicas: 1
          selector:
            matchLabels: {app: {{ .Release.Name }}}
          template:
            metadata:
              labels: {app: {{ .Release.Name }}}
              annotations:
                checksum/secret: {{ toJson .Values.secrets | sha256sum }}
            spec:
              containers:
                - name: app
                  image: registry.example/app:1.0
                  envFrom:
                    - secretRef: {name: {{ .Release.Name }}-creds}
        """;

    public string Write(string relative, string text)
    {
        var path = Path.Combine(WorkDir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Writes the secrets file with the current <see cref="Values"/> and encrypts it in place with the source key.</summary>
    public async Task EncryptSecretsAsync()
    {
        Write("secrets.yaml", "secrets:\n" + string.Concat(Values.Select(v => $"  {v.Key}: \"{v.Value}\"\n")));
        var run = await CliRunner.RunAsync(["encrypt", "-i", "--age", SourceRecipient, "secrets.yaml"], Env(), cwd: WorkDir);
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    /// <summary>The CLI's environment: this sandbox's HOME (its kubeconfig) and TMPDIR, the source key, the real helm of <paramref name="helmVersion"/>.</summary>
    public Dictionary<string, string?> Env(string helmVersion = SecretsKit.Testing.Helm.RealHelm.Version) => new(StringComparer.Ordinal)
    {
        ["HOME"] = Home,
        ["TMPDIR"] = TempDirectory,
        ["SOPS_AGE_KEY_FILE"] = SourceKeyFile,
        ["HELM_BIN"] = Path.Combine(SharedFixtures.RepositoryRoot, ".tools", "helm", helmVersion, "helm"),
        ["KUBECONFIG"] = null,
        ["XDG_CONFIG_HOME"] = null, ["XDG_DATA_HOME"] = null, ["XDG_CACHE_HOME"] = null,
        ["HELM_CONFIG_HOME"] = null, ["HELM_DATA_HOME"] = null, ["HELM_CACHE_HOME"] = null, ["HELM_PLUGINS"] = null,
    };

    public Task<ProcessRun.Result> CliAsync(IEnumerable<string> args, string helmVersion = SecretsKit.Testing.Helm.RealHelm.Version,
        IDictionary<string, string?>? extra = null)
    {
        var env = Env(helmVersion);
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) env[k] = v;
        return CliRunner.RunAsync(args, env, cwd: WorkDir, timeout: TimeSpan.FromMinutes(6));
    }

    /// <summary>The real helm of <paramref name="helmVersion"/> against the sandbox's cluster (its HOME).</summary>
    public Task<ProcessRun.Result> HelmAsync(string helmVersion, params string[] args) =>
        ProcessRun.RunAsync(Env(helmVersion)["HELM_BIN"]!, args, Env(helmVersion), null, WorkDir, TimeSpan.FromMinutes(2));

    /// <summary>
    /// Starts the API fake (with the cluster's age identity in Secret <c>sops-age-key</c> of <see cref="Namespace"/> and of
    /// each of <paramref name="namespaces"/>) and, with <paramref name="agent"/>, the real agent, returning once its
    /// <c>/readyz</c> answers 200 (it watches the API server), so no apply races its start.
    /// </summary>
    public async Task StartClusterAsync(bool agent, params string[] namespaces)
    {
        _cluster = await DocsCluster.StartAsync(Home, []);
        foreach (var ns in (string[])[Namespace, .. namespaces])
        {
            Server.Create(FakeResourceType.Namespace, null, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } });
            Server.Create(FakeResourceType.Secret, ns, new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "Secret",
                ["metadata"] = new JsonObject { ["name"] = "sops-age-key", ["namespace"] = ns },
                ["data"] = new JsonObject { ["identity.agekey"] = Convert.ToBase64String(File.ReadAllBytes(TestKeys.AgeIdentityFile)) },
            });
        }
        if (!agent) return;
        // the agent's chart installs these CRDs too: the agent watches them, and is not ready before every watch has synced
        Server.RegisterType(new FakeResourceType("external-secrets.io", "v1", "clusterexternalsecrets", "ClusterExternalSecret", false, true));
        Server.RegisterType(new FakeResourceType("generators.external-secrets.io", "v1alpha1", "generatorstates", "GeneratorState", true, true));
        await AgentReadyAsync(StartAgent());
    }

    /// <summary>Polls the agent's <c>/readyz</c> until it answers 200 (at most two minutes); an agent that exits first fails at once.</summary>
    private async Task AgentReadyAsync(int port)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        var last = "no answer";
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/readyz");
                if (response.IsSuccessStatusCode) return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}".Trim();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = "no answer (" + e.GetType().Name + ")";
            }
            if (_agent!.HasExited) Assert.Fail($"the agent exited ({_agent.ExitCode}) before it was ready:\n{AgentOutput}");
            if (waited.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"the agent's /readyz never answered 200 (last: {last})\n{AgentOutput}");
            await Task.Delay(100);
        }
    }

    /// <summary>Starts the agent with its probes on a free port, which it returns.</summary>
    private int StartAgent()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "secretskit-agent.dll"), "--metrics-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["HOME"] = Home;
        psi.Environment["KUBECONFIG"] = Path.Combine(Home, ".kube", "config");
        foreach (var name in new[] { "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT", "POD_NAME", "POD_NAMESPACE" }) psi.Environment.Remove(name);
        _agent = Process.Start(psi)!;
        _agent.OutputDataReceived += (_, e) => { lock (_agentOutput) _agentOutput.Append(e.Data).Append('\n'); };
        _agent.ErrorDataReceived += (_, e) => { lock (_agentOutput) _agentOutput.Append(e.Data).Append('\n'); };
        _agent.BeginOutputReadLine();
        _agent.BeginErrorReadLine();
        return port;
    }

    /// <summary>The Secret's data as the API fake holds it in <paramref name="ns"/> (default <see cref="Namespace"/>), decoded.</summary>
    public Dictionary<string, string>? TargetSecret(string ns = Namespace)
    {
        var secret = Server.TryGet(FakeResourceType.Secret, ns, SecretName);
        return (secret?["data"] as JsonObject)?.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetString(Convert.FromBase64String(kv.Value!.GetValue<string>())));
    }

    /// <summary>Every helm release Secret of the release, decoded as helm stores it (base64 of gzip of JSON).</summary>
    public IEnumerable<string> ReleaseSecrets() =>
        Server.All(FakeResourceType.Secret)
            .Where(s => s["type"]?.GetValue<string>() == "helm.sh/release.v1")
            .Select(s => Gunzip(Convert.FromBase64String(Encoding.ASCII.GetString(Convert.FromBase64String(s["data"]!["release"]!.GetValue<string>())))));

    private static string Gunzip(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd();
    }

    /// <summary>The text of every file under the sandbox's TMPDIR, HOME and work tree (file name → content).</summary>
    public IEnumerable<(string Path, string Text)> AllFiles() =>
        new[] { TempDirectory, Home, WorkDir }.SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Select(f => (f, Encoding.Latin1.GetString(File.ReadAllBytes(f))));

    /// <summary>Each value as it is and base64-encoded (what a grep for a leaked secret looks for).</summary>
    public IEnumerable<(string Key, string Form)> Forms() =>
        Values.SelectMany(v => new[] { (v.Key, v.Value), (v.Key, Convert.ToBase64String(Encoding.UTF8.GetBytes(v.Value))) });

    /// <summary>The first value key whose plain or base64 form <paramref name="text"/> holds, or null.</summary>
    public string? Leak(string text) => Forms().FirstOrDefault(f => text.Contains(f.Form, StringComparison.Ordinal)).Key;

    private static string RandomValue()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        return new string(RandomNumberGenerator.GetItems<char>(alphabet, 24));
    }

    public async ValueTask DisposeAsync()
    {
        if (_agent is { HasExited: false })
        {
            _agent.Kill(entireProcessTree: true);
            await _agent.WaitForExitAsync();
        }
        _agent?.Dispose();
        if (_cluster is not null) await _cluster.DisposeAsync();
        _root.Dispose();
    }
}
