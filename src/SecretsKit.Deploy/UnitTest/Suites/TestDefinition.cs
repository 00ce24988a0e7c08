namespace SecretsKit.Deploy.UnitTest.Suites;

/// <summary>One entry of a suite's <c>tests:</c> (<c>it</c>), with the suite's settings not yet folded in.</summary>
internal sealed record TestDefinition(string Name, IReadOnlyList<string> Values, IReadOnlyList<KeyValuePair<string, object?>> Set, string Template,
    IReadOnlyList<string> Templates, int? DocumentIndex, DocumentSelector? Selector, ReleaseSettings Release, ChartSettings Chart,
    CapabilitySettings Capabilities, bool ApiVersionsGiven, IReadOnlyList<AssertionDefinition> Asserts, string SkipReason,
    KubernetesProviderSettings KubernetesProvider, PostRendererSettings? PostRenderer);
