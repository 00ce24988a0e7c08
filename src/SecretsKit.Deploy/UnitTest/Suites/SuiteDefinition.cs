namespace SecretsKit.Deploy.UnitTest.Suites;

/// <summary>
/// One YAML document of a <c>*_test.yaml</c> file: <c>suite</c>, the templates it renders, the values and settings its
/// tests inherit, its tests, <c>snapshotId</c> and <c>skip</c>. <see cref="File"/> is the suite file as given.
/// </summary>
internal sealed record SuiteDefinition(string Name, string File, IReadOnlyList<string> Values, IReadOnlyList<KeyValuePair<string, object?>> Set,
    IReadOnlyList<string> Templates, IReadOnlyList<string> ExcludeTemplates, ReleaseSettings Release, ChartSettings Chart,
    CapabilitySettings Capabilities, KubernetesProviderSettings KubernetesProvider, PostRendererSettings? PostRenderer,
    IReadOnlyList<TestDefinition> Tests, string SnapshotId, string SkipReason)
{
    /// <summary>The snapshot file: <c>__snapshot__/&lt;file name&gt;[_&lt;snapshotId&gt;].snap</c> next to the suite.</summary>
    public string SnapshotFile => Path.Combine(Path.GetDirectoryName(File) ?? ".", "__snapshot__",
        Path.GetFileName(File) + (SnapshotId.Length > 0 ? "_" + SnapshotId : "") + ".snap");
}
