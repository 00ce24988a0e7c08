namespace SecretsKit.Deploy.UnitTest.Suites;

/// <summary>A suite's or test's <c>release:</c> (empty fields inherit: the test's over the suite's).</summary>
internal sealed record ReleaseSettings(string Name = "", string Namespace = "", long Revision = 0, bool Upgrade = false)
{
    public ReleaseSettings Over(ReleaseSettings suite) => new(
        Name.Length > 0 ? Name : suite.Name,
        Namespace.Length > 0 ? Namespace : suite.Namespace,
        Revision != 0 ? Revision : suite.Revision,
        Upgrade || suite.Upgrade);
}
