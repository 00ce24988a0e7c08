namespace SecretsKit.Deploy.UnitTest.Suites;

/// <summary>
/// <c>capabilities:</c>: the Kubernetes major/minor version and the API versions a test renders with. A test's versions
/// win over the suite's; its API versions are the suite's added to its own.
/// </summary>
internal sealed record CapabilitySettings(string MajorVersion = "", string MinorVersion = "", IReadOnlyList<string>? ApiVersions = null)
{
    public CapabilitySettings Over(CapabilitySettings suite) => new(
        MajorVersion.Length > 0 ? MajorVersion : suite.MajorVersion,
        MinorVersion.Length > 0 ? MinorVersion : suite.MinorVersion,
        [.. ApiVersions ?? [], .. suite.ApiVersions ?? []]);
}
