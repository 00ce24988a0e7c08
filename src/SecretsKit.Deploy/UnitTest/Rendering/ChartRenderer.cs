using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.UnitTest.Rendering;

/// <summary>
/// Renders tests' charts with the real helm (<c>helm template</c>), once per distinct <see cref="RenderRequest"/>: the
/// filtered chart copy and the values file live in the run's private directory only for the helm call. helm refuses
/// helm-unittest's default release name <c>RELEASE-NAME</c>, so a stand-in of the same length renders and is put back.
/// </summary>
internal sealed class ChartRenderer(IProcessRunner processes, string helmBinary, string privateDirectory)
{
    /// <summary>helm-unittest's default release name, and the lowercase stand-in of the same length helm accepts.</summary>
    public const string DefaultReleaseName = "RELEASE-NAME";
    private const string StandIn = "rl5x7q2k9z3m";

    private readonly ConcurrentDictionary<string, Lazy<Task<RenderedChart>>> _cache = new(StringComparer.Ordinal);
    private int _counter;

    /// <summary>helm calls made so far (distinct requests).</summary>
    public int Renders => _cache.Count;

    public Task<RenderedChart> RenderAsync(RenderRequest request, CancellationToken cancellationToken) =>
        _cache.GetOrAdd(request.Key, _ => new Lazy<Task<RenderedChart>>(() => RenderOnceAsync(request, cancellationToken))).Value;

    private async Task<RenderedChart> RenderOnceAsync(RenderRequest request, CancellationToken cancellationToken)
    {
        var work = Path.Combine(privateDirectory, "render-" + Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture));
        var chart = Path.Combine(work, request.ChartName);
        try
        {
            var kept = ChartCopy.Write(request.ChartDirectory, chart, request.ChartName, request.Route, request);
            var values = Path.Combine(work, "values.yaml");
            await File.WriteAllTextAsync(values, request.ValuesYaml, cancellationToken);
            var result = await processes.RunAsync(new ProcessSpec(helmBinary, Arguments(request, chart, values), WorkingDirectory: work), cancellationToken);
            var stand = request.ReleaseName == DefaultReleaseName;
            if (result.ExitCode == 0)
            {
                var output = Encoding.UTF8.GetString(result.StandardOutput);
                if (stand) output = output.Replace(StandIn, DefaultReleaseName, StringComparison.Ordinal);
                var templates = ManifestSplitter.Split(output);
                foreach (var keptTemplate in kept) templates.TryAdd(keptTemplate, []);
                return new RenderedChart(templates, null, null, null);
            }
            var error = RenderError.Clean(stand ? result.StandardError.Replace(StandIn, DefaultReleaseName, StringComparison.Ordinal) : result.StandardError);
            if (error.Length == 0) error = $"helm template exited with code {result.ExitCode.ToString(CultureInfo.InvariantCulture)}";
            var (template, message) = RenderError.Parse(error);
            if (template is not null && Path.GetFileName(template).TrimStart('_').StartsWith(ChartCopy.TextStandIn, StringComparison.Ordinal)) template = TextTemplate(template, kept);
            return new RenderedChart(new Dictionary<string, List<object?>>(), error, template, message);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new RenderException($"could not run {helmBinary}: {e.Message}");
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the private directory is removed at the end of the run anyway
            }
        }
    }

    /// <summary>The text template a stand-in (<c>…/secretskit-unittest-text-N.yaml</c> or its <c>_….tpl</c> helper) was written for.</summary>
    private static string TextTemplate(string helper, List<string> kept)
    {
        var n = Path.GetFileNameWithoutExtension(helper).TrimStart('_')[ChartCopy.TextStandIn.Length..];
        return int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < kept.Count ? kept[i] : helper;
    }

    private static List<string> Arguments(RenderRequest request, string chart, string values)
    {
        var name = request.ReleaseName == DefaultReleaseName ? StandIn : request.ReleaseName;
        var args = new List<string> { "template", name, chart, "--namespace", request.Namespace, "-f", values };
        if (request.Upgrade) args.Add("--is-upgrade");
        if (request.KubeVersion.Length > 0) args.AddRange(["--kube-version", request.KubeVersion]);
        foreach (var api in request.ApiVersions) args.AddRange(["--api-versions", api]);
        return args;
    }
}
