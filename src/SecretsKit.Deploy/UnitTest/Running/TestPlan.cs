using SecretsKit.Deploy.UnitTest.Rendering;
using SecretsKit.Deploy.UnitTest.Suites;

namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>
/// A test with its suite's settings folded in as helm-unittest folds them: values files (suite's, then the run's
/// <c>-v</c> files, then the test's), <c>set</c> (suite's then test's), release, chart and capabilities overrides, the
/// templates rendered (the suite's, all when none) and excluded, the document selector, the post-renderer (the
/// test's, else the suite's) and the <c>kubernetesProvider</c> objects and scheme.
/// </summary>
internal sealed record TestPlan(TestDefinition Test, string Route, IReadOnlyList<string> ValuesFiles, IReadOnlyList<KeyValuePair<string, object?>> Set,
    ReleaseSettings Release, ChartSettings Chart, CapabilitySettings Capabilities, IReadOnlyList<string> SuiteTemplates, IReadOnlyList<string> Excluded,
    string SkipReason)
{
    public PostRendererSettings? PostRenderer { get; init; }

    /// <summary>The objects and scheme <c>lookup</c> sees (the test's objects, then the suite's).</summary>
    public KubernetesProviderSettings Provider { get; init; } = KubernetesProviderSettings.None;

    public static TestPlan Of(SuiteDefinition suite, TestDefinition test, string route, IReadOnlyList<string> runValues)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(suite.File)) ?? ".";
        var values = suite.Values.Select(v => Path.GetFullPath(v, dir)).Concat(runValues).Concat(test.Values.Select(v => Path.GetFullPath(v, dir))).ToList();
        var capabilities = test.Capabilities.Over(suite.Capabilities with { ApiVersions = test.ApiVersionsGiven ? suite.Capabilities.ApiVersions : [] });
        return new TestPlan(test, route, values, [.. suite.Set, .. test.Set], test.Release.Over(suite.Release), test.Chart.Over(suite.Chart), capabilities,
            suite.Templates.Count > 0 ? suite.Templates : ["**"], suite.ExcludeTemplates, suite.SkipReason.Length > 0 ? suite.SkipReason : test.SkipReason)
        {
            PostRenderer = test.PostRenderer ?? suite.PostRenderer,
            Provider = test.KubernetesProvider.Over(suite.KubernetesProvider),
        };
    }

    public string ReleaseName => Release.Name.Length > 0 ? Release.Name : ChartRenderer.DefaultReleaseName;

    public string Namespace => Release.Namespace.Length > 0 ? Release.Namespace : "NAMESPACE";

    /// <summary><c>--kube-version</c>: empty (helm's default) unless the test or suite names a major or minor version.</summary>
    public string KubeVersion => Capabilities.MajorVersion.Length == 0 && Capabilities.MinorVersion.Length == 0 ? ""
        : $"v{(Capabilities.MajorVersion.Length > 0 ? Capabilities.MajorVersion : "1")}.{(Capabilities.MinorVersion.Length > 0 ? Capabilities.MinorVersion : "20")}.0";

    /// <summary>The templates an assertion checks (route-prefixed), as helm-unittest picks them.</summary>
    public List<string> TemplatesFor(AssertionDefinition assertion, IEnumerable<string> rendered)
    {
        IReadOnlyList<string> names;
        if (assertion.Template.Length > 0) names = [assertion.Template];
        else if (Test.Templates.Count > 0) names = Test.Templates;
        else if (Test.Template.Length > 0) names = [Test.Template];
        else if (SuiteTemplates.Any(t => t.Contains('*', StringComparison.Ordinal))) return rendered.ToList();
        else names = SuiteTemplates;
        return names.Select(n => TemplateSelection.Join(Route, TemplateSelection.TemplateFileName(n))).ToList();
    }
}
