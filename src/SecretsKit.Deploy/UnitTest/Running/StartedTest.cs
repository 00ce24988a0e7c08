using SecretsKit.Deploy.UnitTest.Rendering;

namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>
/// A test whose values are merged and whose render is under way (<see cref="Render"/>), or one already decided before
/// rendering (<see cref="Result"/>: skipped, or its values could not be read); <see cref="Elapsed"/> so far.
/// </summary>
internal sealed record StartedTest(TestPlan Plan, TestResult? Result, Task<RenderedChart>? Render, TimeSpan Elapsed);
