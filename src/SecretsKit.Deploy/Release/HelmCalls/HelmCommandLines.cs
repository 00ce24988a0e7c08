using System.Globalization;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.HelmCalls;

/// <summary>
/// The exact helm argv of every pipeline stage. Value arguments (<c>-f file</c>, plain <c>--set</c>) come from
/// <see cref="ReleaseInputs"/>, which keeps secrets off the command line.
/// </summary>
public static class HelmCommandLines
{
    /// <summary><c>helm lint</c> of the release's chart, or of <paramref name="pulledChart"/> (the directory a repository chart was pulled into).</summary>
    public static IReadOnlyList<string> Lint(ReleaseTarget t, IReadOnlyList<string> values, string? pulledChart = null) =>
        ["lint", pulledChart ?? t.Spec.Chart, .. values];

    /// <summary><c>helm pull</c> of a repository chart as its package (<c>.tgz</c>, with the release's version) into <paramref name="directory"/>: the run unpacks it to lint and render, and digests it.</summary>
    public static IReadOnlyList<string> PullPackage(ReleaseTarget t, string directory) =>
        ["pull", t.Spec.Chart, "--destination", directory, .. Version(t)];

    /// <summary>
    /// <c>helm template</c>; the state's <c>apiVersions</c> and <c>kubeVersion</c> become <c>--api-versions</c> and
    /// <c>--kube-version</c>, as helmfile passes them, so <c>.Capabilities</c> render as they would for helmfile.
    /// <paramref name="chartCopy"/>: a directory to render instead of the release's chart (the chart pulled into the run's private
    /// directory, or the policy stage's NOTES.txt copy).
    /// </summary>
    public static IReadOnlyList<string> Template(ReleaseTarget t, IReadOnlyList<string> values, string? kubeVersion = null, IReadOnlyList<string>? apiVersions = null,
        string? chartCopy = null) =>
        [.. Render(t, chartCopy, kubeVersion, apiVersions), .. PostRenderer(t), .. values];

    /// <summary>
    /// <c>helm template</c> of the NOTES.txt copy <paramref name="chartCopy"/> of a release with a post-renderer, printing only
    /// <paramref name="standIn"/> (a chart-relative template path): as <see cref="Template"/> but without the post-renderer, as helm
    /// renders NOTES.txt apart from the manifests and never hands it to one.
    /// </summary>
    public static IReadOnlyList<string> TemplateNotes(ReleaseTarget t, IReadOnlyList<string> values, string? kubeVersion, IReadOnlyList<string>? apiVersions,
        string chartCopy, string standIn) =>
        [.. Render(t, chartCopy, kubeVersion, apiVersions), "--show-only", standIn, .. values];

    private static IEnumerable<string> Render(ReleaseTarget t, string? chartCopy, string? kubeVersion, IReadOnlyList<string>? apiVersions) =>
        ["template", t.Name, chartCopy ?? t.Spec.Chart, "-n", t.Namespace, "--include-crds", .. Version(t),
         .. (apiVersions ?? []).SelectMany(a => new[] { "--api-versions", a }),
         .. kubeVersion is { Length: > 0 } k ? new[] { "--kube-version", k } : []];

    public static IReadOnlyList<string> GetManifest(ReleaseTarget t) =>
        ["get", "manifest", t.Name, "-n", t.Namespace, .. Context(t)];

    /// <summary><c>helm get values|hooks|notes</c> of what helm stores of the release (values: every value, computed ones too).</summary>
    public static IReadOnlyList<string> GetStored(ReleaseTarget t, string what) =>
        what == "values" ? ["get", "values", t.Name, "-n", t.Namespace, "--all", "-o", "yaml", .. Context(t)] : ["get", what, t.Name, "-n", t.Namespace, .. Context(t)];

    /// <summary>
    /// <c>helm upgrade --install</c>; "roll back on failure" is <c>--atomic</c> on Helm 3 and its successor
    /// <c>--rollback-on-failure</c> on Helm 4 (<paramref name="helmMajor"/>), as helmfile spells it. helmfile's
    /// <c>--wait</c> and <c>--timeout</c> (<paramref name="wait"/>, <paramref name="timeout"/>) win over the state's, and
    /// <c>--wait-for-jobs</c> (<paramref name="waitForJobs"/>) is passed on;
    /// <paramref name="chart"/>: a directory this run pulled the release's chart into, upgraded from instead of fetching it again.
    /// </summary>
    public static IReadOnlyList<string> Upgrade(ReleaseTarget t, IReadOnlyList<string> values, int helmMajor = 3, bool wait = false, int? timeout = null,
        string? chart = null, bool waitForJobs = false)
    {
        var d = t.Settings;
        var args = new List<string> { "upgrade", "--install", t.Name, chart ?? t.Spec.Chart, "-n", t.Namespace };
        args.AddRange(Version(t));
        if (d.Atomic || d.RollbackOnFailure) args.Add(helmMajor >= 4 ? "--rollback-on-failure" : "--atomic");
        if (d.Wait || wait) args.Add("--wait");
        if (waitForJobs) args.Add("--wait-for-jobs");
        args.AddRange(["--timeout", (timeout ?? d.Timeout).ToString(CultureInfo.InvariantCulture) + "s"]);
        args.AddRange(["--history-max", d.HistoryMax.ToString(CultureInfo.InvariantCulture)]);
        if (d.CreateNamespace) args.Add("--create-namespace");
        if (d.CleanupOnFail) args.Add("--cleanup-on-fail");
        args.AddRange(PostRenderer(t));
        args.AddRange(Context(t));
        args.AddRange(values);
        return args;
    }

    /// <summary><c>helm test</c>; helmfile's <c>test --timeout N</c> becomes <c>--timeout Ns</c> (else helm's default, as helmfile's 300).</summary>
    public static IReadOnlyList<string> Test(ReleaseTarget t, int? timeout = null) =>
        ["test", t.Name, "-n", t.Namespace, .. timeout is { } s ? new[] { "--timeout", s.ToString(CultureInfo.InvariantCulture) + "s" } : [], .. Context(t)];

    public static IReadOnlyList<string> History(ReleaseTarget t) =>
        ["history", t.Name, "-n", t.Namespace, "-o", "json", .. Context(t)];

    public static IReadOnlyList<string> Rollback(ReleaseTarget t, int revision) =>
        ["rollback", t.Name, revision.ToString(CultureInfo.InvariantCulture), "-n", t.Namespace, .. Context(t)];

    public static IReadOnlyList<string> Uninstall(ReleaseTarget t) =>
        ["uninstall", t.Name, "-n", t.Namespace, .. Context(t)];

    public static IReadOnlyList<string> Status(ReleaseTarget t) =>
        ["status", t.Name, "-n", t.Namespace, "-o", "json", .. Context(t)];

    private static IEnumerable<string> Version(ReleaseTarget t) =>
        t.Spec.Version is { Length: > 0 } v ? ["--version", v] : [];

    /// <summary>helmfile passes <c>postRenderer</c>/<c>postRendererArgs</c> (the release's, else helmDefaults') to template and upgrade.</summary>
    private static IEnumerable<string> PostRenderer(ReleaseTarget t) =>
        t.Settings.PostRenderer is { Length: > 0 } p
            ? ["--post-renderer", p, .. t.Settings.PostRendererArgs.SelectMany(a => new[] { "--post-renderer-args", a })]
            : [];

    private static IEnumerable<string> Context(ReleaseTarget t) =>
        t.KubeContext is { Length: > 0 } c ? ["--kube-context", c] : [];
}
