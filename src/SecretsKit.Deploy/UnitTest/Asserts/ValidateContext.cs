using SecretsKit.Deploy.UnitTest.Snapshots;

namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary>
/// What an assertion checks for one template: all its documents, the selected ones, whether the result is inverted
/// (<c>not:</c> or an antonym such as <c>notEqual</c>), the render error (for <c>failedTemplate</c>), the snapshot store.
/// </summary>
internal sealed record ValidateContext(IReadOnlyList<object?> Docs, IReadOnlyList<object?> Selected, bool Negative, string? RenderError, bool FailFast,
    Func<object?, string?, string?, SnapshotComparison> CompareToSnapshot);
