using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Charts;
using SecretsKit.Deploy.Helm;

namespace SecretsKit.Deploy.UnitTest.Rendering;

/// <summary>
/// Renders tests' charts with the real helm (<c>helm template</c>), once per distinct <see cref="RenderRequest"/>, at
/// most <see cref="Environment.ProcessorCount"/> helm processes at a time: the filtered chart copy is shared by every
/// render with the same copy inputs (<see cref="ChartCopies"/>, in the run's private directory) and the values reach
/// helm on its standard input (<c>-f -</c>), never as a file; helm runs in <see cref="HelmEnvironment"/>. helm refuses helm-unittest's release names
/// <c>RELEASE-NAME</c> and <c>TEST-SUITE-RELEASE</c>, so a stand-in of the same length renders and is put back.
/// </summary>
internal sealed class ChartRenderer(IProcessRunner processes, string helmBinary, string privateDirectory, IReadOnlyDictionary<string, string>? environment) : IDisposable
{
    /// <summary>helm-unittest's default release name.</summary>
    public const string DefaultReleaseName = "RELEASE-NAME";

    /// <summary>helm-unittest's release name for a chart that renders suites (<c>--chart-tests-path</c>).</summary>
    public const string TestSuiteReleaseName = "TEST-SUITE-RELEASE";

    /// <summary>helm-unittest's names that helm refuses, each with the lowercase stand-in of the same length helm renders.</summary>
    private static readonly Dictionary<string, string> StandIns = new(StringComparer.Ordinal)
    {
        [DefaultReleaseName] = "rl5x7q2k9z3m",
        [TestSuiteReleaseName] = "ts4w8r1c6v0n5j2h7y",
    };

    private readonly ConcurrentDictionary<string, Lazy<Task<RenderedChart>>> _cache = new(StringComparer.Ordinal);
    private readonly ChartCopies _copies = new(privateDirectory);
    private readonly SemaphoreSlim _slots = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private readonly Lazy<Task<HelmVersion>> _version = new(() => HelmVersion.ProbeAsync(processes, helmBinary, environment, null, CancellationToken.None));
    private readonly Lazy<Task<string?>> _kubeVersion = new(() => ProbeKubeVersionAsync(processes, helmBinary, environment, privateDirectory));

    private static async Task<string?> ProbeKubeVersionAsync(IProcessRunner processes, string helm, IReadOnlyDictionary<string, string>? environment, string directory)
    {
        var chart = Path.Combine(directory, "kube-version-probe");
        Directory.CreateDirectory(Path.Combine(chart, "templates"));
        await File.WriteAllTextAsync(Path.Combine(chart, "Chart.yaml"), "apiVersion: v2\nname: kube-version-probe\nversion: 0.1.0\n");
        await File.WriteAllTextAsync(Path.Combine(chart, "templates", "probe.yaml"), "kubeVersion: {{ .Capabilities.KubeVersion.Version | quote }}\n");
        var result = await processes.RunAsync(new ProcessSpec(helm, ["template", "probe", chart], null, environment, directory), CancellationToken.None);
        var match = System.Text.RegularExpressions.Regex.Match(Encoding.UTF8.GetString(result.StandardOutput), "kubeVersion: \"(v[0-9]{1,4}\\.[0-9]{1,4}\\.[0-9]{1,4})\"");
        return result.ExitCode == 0 && match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>The release name helm renders for <paramref name="releaseName"/> (its stand-in when helm refuses it).</summary>
    public static string HelmName(string releaseName) => StandIns.GetValueOrDefault(releaseName, releaseName);

    /// <summary>The run's private directory (0700): chart copies, and the lookup servers' kubeconfigs.</summary>
    public string PrivateDirectory => privateDirectory;

    /// <summary>The helm's version, asked once.</summary>
    public Task<HelmVersion> VersionAsync() => _version.Value;

    /// <summary>
    /// The Kubernetes version <c>helm template</c> renders with when told none (<c>.Capabilities.KubeVersion</c>: helm
    /// before 3.15 does not print it in <c>helm version</c>), asked once by rendering a one-template chart.
    /// </summary>
    public async Task<string> TemplateKubeVersionAsync() => await _kubeVersion.Value ?? (await VersionAsync()).DefaultKubeVersion;

    /// <summary>helm calls made so far (distinct requests).</summary>
    public int Renders => _cache.Count;

    /// <summary>Chart copies written so far.</summary>
    public int Copies => _copies.Written;

    /// <summary>Frees the render slots; every render must be over (each suite drains its own).</summary>
    public void Dispose() => _slots.Dispose();

    /// <summary>The render of <paramref name="request"/>, started now (or the one already started for an equal request).</summary>
    public Task<RenderedChart> RenderAsync(RenderRequest request, CancellationToken cancellationToken)
        => _cache.GetOrAdd(request.Key, _ => new Lazy<Task<RenderedChart>>(() => RenderOnceAsync(request, cancellationToken))).Value;

    private async Task<RenderedChart> RenderOnceAsync(RenderRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await _slots.WaitAsync(cancellationToken);
            try
            {
                using var copy = _copies.Acquire(request);
                var values = Encoding.UTF8.GetBytes(request.ValuesYaml);
                var env = request.Kubeconfig.Length > 0 && environment is not null ? HelmEnvironment.WithoutCluster(environment) : environment;
                var spec = new ProcessSpec(helmBinary, Arguments(request, copy.Chart), values, env, copy.WorkingDirectory);
                var result = await processes.RunAsync(spec, cancellationToken);
                return Read(request, request.Install && result.ExitCode == 0 ? InstallOutput.Manifests(result) : result, copy.Kept);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new RenderException($"could not run {helmBinary}: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            _cache.TryRemove(request.Key, out _); // a cancelled render is no result: a later equal request renders again
            throw;
        }
    }

    private static RenderedChart Read(RenderRequest request, ProcessResult result, IReadOnlyList<string> kept)
    {
        var stand = StandIns.GetValueOrDefault(request.ReleaseName);
        if (result.ExitCode == 0)
        {
            var output = Encoding.UTF8.GetString(result.StandardOutput);
            if (stand is not null) output = output.Replace(stand, request.ReleaseName, StringComparison.Ordinal);
            var sources = new Dictionary<string, string>(StringComparer.Ordinal);
            var templates = ManifestSplitter.Split(output, sources);
            foreach (var keptTemplate in kept)
            {
                templates.TryAdd(keptTemplate, []);
                sources.TryAdd(keptTemplate, "");
            }
            return new RenderedChart(templates, null, null, null) { Sources = sources };
        }
        var error = RenderError.Clean(stand is not null ? result.StandardError.Replace(stand, request.ReleaseName, StringComparison.Ordinal) : result.StandardError);
        if (error.Length == 0) error = $"helm template exited with code {result.ExitCode.ToString(CultureInfo.InvariantCulture)}";
        var (template, message) = RenderError.Parse(error);
        if (template is not null && TextStandIn.IsStandIn(template)) template = TextTemplate(template, kept);
        return new RenderedChart(new Dictionary<string, List<object?>>(), error, template, message);
    }

    /// <summary>The text template a stand-in (<c>…/secretskit-text-N.yaml</c> or its <c>_….tpl</c> helper) was written for.</summary>
    private static string TextTemplate(string helper, IReadOnlyList<string> kept)
    {
        var n = Path.GetFileNameWithoutExtension(helper).TrimStart('_')[TextStandIn.FilePrefix.Length..];
        return int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < kept.Count ? kept[i] : helper;
    }

    /// <summary>helm's arguments; <c>-f -</c>: the values on standard input.</summary>
    private static List<string> Arguments(RenderRequest request, string chart)
    {
        var name = HelmName(request.ReleaseName);
        if (request.Install)
        {
            // a real install (upgrade) of the lookup server's throwaway state; no hook runs, helm prints the release as JSON;
            // the Kubernetes and API versions are the server's (discovery)
            return [request.Upgrade ? "upgrade" : "install", name, chart, "--namespace", request.Namespace, "-f", "-", "--no-hooks",
                .. request.Upgrade ? Array.Empty<string>() : ["--skip-crds"], "--disable-openapi-validation", "-o", "json", "--kubeconfig", request.Kubeconfig];
        }
        var args = new List<string> { "template", name, chart, "--namespace", request.Namespace, "-f", "-" };
        if (request.Upgrade) args.Add("--is-upgrade");
        if (request.KubeVersion.Length > 0) args.AddRange(["--kube-version", request.KubeVersion]);
        foreach (var api in request.ApiVersions) args.AddRange(["--api-versions", api]);
        if (request.Kubeconfig.Length > 0)
        {
            // the lookup server is the cluster; helm maps every rendered object through it and checks for existing ones
            args.AddRange(["--dry-run=server", "--disable-openapi-validation", "--take-ownership", "--kubeconfig", request.Kubeconfig]);
        }
        return args;
    }
}
