using System.Diagnostics;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Helm;
using SecretsKit.Deploy.UnitTest.Cluster;
using SecretsKit.Deploy.UnitTest.Rendering;
using SecretsKit.Deploy.UnitTest.Snapshots;
using SecretsKit.Deploy.UnitTest.Suites;
using SecretsKit.Deploy.UnitTest.Values;
using SecretsKit.Templates.Yaml;

namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>
/// Runs one test in two steps: <see cref="StartAsync"/> merges the values as helm-unittest merges them (scoped under
/// the subchart route; one test at a time, as <see cref="SuiteValues"/> is not thread-safe) and starts the render through
/// <see cref="ChartRenderer"/> (shared, so equal inputs render once, and renders of a suite run side by side); then
/// <see cref="FinishAsync"/>, in the suite's order, turns a render error into the failed template's document when a
/// <c>failedTemplate</c> may read it and runs each assertion through <see cref="AssertionRunner"/>.
/// </summary>
internal sealed class TestRunner(ChartRenderer renderer, PostRenderer postRenderer, SuiteValues values, string chartDirectory, string chartName, bool failFast)
{
    public async Task<StartedTest> StartAsync(TestPlan plan, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var test = plan.Test;
        if (plan.SkipReason.Length > 0) return Done(plan, new TestResult(test.Name, false, true, plan.SkipReason, null, [], clock.Elapsed));
        var helm = plan.Provider.Objects.Count > 0 ? await renderer.VersionAsync() : null;
        string valuesYaml;
        try
        {
            valuesYaml = await ValuesYamlAsync(plan, cancellationToken);
        }
        catch (Exception e) when (e is SecretsKitException or YamlPathException)
        {
            return Done(plan, Errored(test.Name, e.Message, clock.Elapsed));
        }
        var request = new RenderRequest(chartDirectory, chartName, plan.Route, plan.SuiteTemplates, plan.Excluded, valuesYaml,
            plan.ReleaseName, plan.Namespace, plan.Release.Upgrade, plan.KubeVersion, plan.Capabilities.ApiVersions ?? [], plan.Chart.Version, plan.Chart.AppVersion) { Revision = plan.Release.Revision };
        var render = helm is null ? renderer.RenderAsync(request, cancellationToken) : RenderWithLookupsAsync(request, plan.Provider, helm, cancellationToken);
        return new StartedTest(plan, null, render, clock.Elapsed);
    }

    public async Task<TestResult> FinishAsync(StartedTest started, SnapshotCache snapshots, CancellationToken cancellationToken)
    {
        if (started.Result is { } done) return done;
        var clock = Stopwatch.StartNew();
        var (plan, test) = (started.Plan, started.Plan.Test);
        RenderedChart rendered;
        try
        {
            rendered = await started.Render!;
        }
        catch (RenderException e)
        {
            return Errored(test.Name, e.Message, started.Elapsed + clock.Elapsed);
        }
        var requireSuccess = test.Asserts.All(a => a.Type.RequireRenderSuccess);
        var outputs = rendered.Templates;
        string? renderError = null;
        if (!rendered.Succeeded)
        {
            if (requireSuccess) return Errored(test.Name, rendered.Error!, started.Elapsed + clock.Elapsed);
            // an error outside any template (values.schema.json, a release name) leaves no documents: failedTemplate
            // reads the error itself, and when an assertion fails the error is what is shown (helm-unittest's ExecError)
            if (rendered.ErrorTemplate is null && rendered.ErrorMessage!.Length == 0) renderError = rendered.Error!;
            else outputs = FailedOutputs(plan, rendered);
        }
        var matcher = new Diff.SensitiveMatcher(values.Sensitive);
        string? wholeManifest = null;
        if (rendered.Succeeded && plan.PostRenderer is { } post)
        {
            try
            {
                outputs = await postRenderer.RunAsync(post.Command, post.Args, rendered.Sources, chartName, matcher.Matches, cancellationToken);
            }
            catch (RenderException e)
            {
                return Errored(test.Name, e.Message, started.Elapsed + clock.Elapsed);
            }
            if (outputs.Count == 1 && outputs.Keys.Single().EndsWith(PostRenderer.WholeManifest, StringComparison.Ordinal)) wholeManifest = outputs.Keys.Single();
        }
        var counter = 0u;
        var assertions = new AssertionRunner(plan, outputs, rendered.Succeeded, failFast, matcher,
            (value, match, notMatch) => snapshots.Compare(test.Name, ++counter, value, match, notMatch), wholeManifest, renderError);
        var (passed, results) = assertions.Run();
        if (renderError is not null && !passed) return Errored(test.Name, renderError, started.Elapsed + clock.Elapsed);
        var skipped = results.Count > 0 && results.All(r => r.Skipped);
        return new TestResult(test.Name, passed, skipped, "", null, results, started.Elapsed + clock.Elapsed);
    }

    private static StartedTest Done(TestPlan plan, TestResult result) => new(plan, result, null, result.Duration);

    /// <summary>
    /// A render whose <c>lookup</c> calls see the test's objects: a plain render first (shared with equal tests) names the
    /// kinds the chart renders, which the server's discovery must map, and the templates that render no Kubernetes object,
    /// which go through a stand-in; then helm renders against a lookup server of its own, stopped (and its kubeconfig
    /// removed) when the render is over, whichever way it ends: <c>helm template --dry-run=server</c> (Helm 3.17 and
    /// later, Helm 4), else a real <c>helm install</c> (<c>upgrade</c>) into the server's throwaway <see cref="InstallState"/>.
    /// </summary>
    private async Task<RenderedChart> RenderWithLookupsAsync(RenderRequest request, KubernetesProviderSettings provider, HelmVersion helm,
        CancellationToken cancellationToken)
    {
        var plain = await renderer.RenderAsync(request, cancellationToken);
        var kinds = plain.Templates.Values.SelectMany(d => d).OfType<IReadOnlyDictionary<string, object?>>()
            .Select(d => (d.GetValueOrDefault("apiVersion") as string ?? "", d.GetValueOrDefault("kind") as string ?? ""));
        // helm maps every rendered document before it prints: a template that renders something else goes through a stand-in
        var wrapped = plain.Templates.Where(t => !t.Key.EndsWith(".txt", StringComparison.Ordinal)
            && t.Value.Any(d => d is not IReadOnlyDictionary<string, object?> m || m.GetValueOrDefault("kind") is not string { Length: > 0 })).Select(t => t.Key).Order(StringComparer.Ordinal).ToList();
        var catalog = new ClusterCatalog(provider, kinds, request.ApiVersions, request.KubeVersion.Length > 0 ? request.KubeVersion
            : helm.ServerLookups ? helm.DefaultKubeVersion : await renderer.TemplateKubeVersionAsync());
        using var directory = PrivateTempDirectory.Create("cluster-", renderer.PrivateDirectory);
        var install = helm.ServerLookups ? null : new InstallState(ChartRenderer.HelmName(request.ReleaseName), request.Namespace, chartName, request.Upgrade);
        using var server = LookupServer.Start(catalog, directory, install);
        return await renderer.RenderAsync(request with { Kubeconfig = server.Kubeconfig, Wrapped = wrapped, Install = install is not null }, cancellationToken);
    }

    private static TestResult Errored(string name, string error, TimeSpan elapsed) => new(name, false, false, "", error, [], elapsed);

    /// <summary>The values helm renders with: values files then <c>set</c> entries, each scoped under the suite's subchart route and merged over the last.</summary>
    private async Task<string> ValuesYamlAsync(TestPlan plan, CancellationToken cancellationToken)
    {
        var routes = Routes(plan.Route);
        var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var file in plan.ValuesFiles)
        {
            var read = await values.ReadAsync(file, cancellationToken);
            merged = ManifestValues.MergeTables(Scope(routes, (Dictionary<string, object?>)ManifestValues.DeepCopy(read)!), merged);
        }
        foreach (var (path, value) in plan.Set) merged = ManifestValues.MergeTables(Scope(routes, SetPath.Build(path, ManifestValues.DeepCopy(value))), merged);
        return merged.Count == 0 ? "{}\n" : TemplateYaml.Write(merged, GoYamlDialect.V3);
    }

    private static List<string> Routes(string route)
    {
        var parts = route.Split('/');
        return Enumerable.Range(0, parts.Length / 2 + 1).Select(i => parts[i * 2]).ToList();
    }

    private static Dictionary<string, object?> Scope(List<string> routes, Dictionary<string, object?> values)
    {
        for (var depth = routes.Count - 1; depth >= 1; depth--)
        {
            var scoped = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (values.TryGetValue("global", out var g)) scoped["global"] = g;
            scoped[routes[depth]] = values;
            values = scoped;
        }
        return values;
    }

    /// <summary>helm-unittest's reading of a render error: the failing template (each suite template when it is a helper) holds the message.</summary>
    private static Dictionary<string, List<object?>> FailedOutputs(TestPlan plan, RenderedChart rendered)
    {
        var outputs = new Dictionary<string, List<object?>>(StringComparer.Ordinal);
        var doc = ManifestSplitter.Raw(rendered.ErrorMessage ?? "");
        var template = rendered.ErrorTemplate ?? "";
        if (Path.GetFileName(template).StartsWith('_'))
        {
            foreach (var name in plan.SuiteTemplates) outputs[TemplateSelection.Join(plan.Route, TemplateSelection.TemplateFileName(name))] = [doc];
        }
        else outputs[template] = [doc];
        return outputs;
    }
}
