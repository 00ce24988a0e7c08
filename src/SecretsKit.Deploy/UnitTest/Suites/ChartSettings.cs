namespace SecretsKit.Deploy.UnitTest.Suites;

/// <summary>A suite's or test's <c>chart:</c> overrides of the chart's <c>version</c> and <c>appVersion</c>.</summary>
internal sealed record ChartSettings(string Version = "", string AppVersion = "")
{
    public ChartSettings Over(ChartSettings suite) => new(
        Version.Length > 0 ? Version : suite.Version,
        AppVersion.Length > 0 ? AppVersion : suite.AppVersion);
}
