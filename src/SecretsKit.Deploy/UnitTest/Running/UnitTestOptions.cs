using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>
/// helm-unittest's flags: suite globs (<c>-f</c>, default <c>tests/*_test.yaml</c>), <c>-u</c>, <c>--strict</c>,
/// <c>--failfast</c>, <c>--with-subchart</c>, extra values files (<c>-v</c>, after each suite's own), and
/// <c>--chart-tests-path</c>; plus the helm binary that renders and the environment it runs in.
/// </summary>
public sealed record UnitTestOptions(string HelmBinary)
{
    public const string DefaultSuiteGlob = "tests/*_test.yaml";

    public IReadOnlyList<string> SuiteGlobs { get; init; } = [DefaultSuiteGlob];

    public bool UpdateSnapshots { get; init; }

    public bool Strict { get; init; }

    public bool FailFast { get; init; }

    public bool WithSubcharts { get; init; } = true;

    public IReadOnlyList<string> ValuesFiles { get; init; } = [];

    public string? ChartTestsPath { get; init; }

    /// <summary>The environment helm inherits (see <see cref="Rendering.HelmEnvironment"/>).</summary>
    public IEnvironment Environment { get; init; } = SystemEnvironment.Instance;
}
