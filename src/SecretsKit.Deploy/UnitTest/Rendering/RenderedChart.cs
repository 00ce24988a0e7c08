namespace SecretsKit.Deploy.UnitTest.Rendering;

/// <summary>
/// What one render gave: the documents per template path (<c>chart/templates/x.yaml</c>; a text template's text under
/// <c>raw</c>) and each template's rendered text (<see cref="Sources"/>, what a post-renderer reads), or, when helm
/// failed, its message and the template it names (null when none could be read from it).
/// </summary>
internal sealed record RenderedChart(IReadOnlyDictionary<string, List<object?>> Templates, string? Error, string? ErrorTemplate, string? ErrorMessage)
{
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>();

    public bool Succeeded => Error is null;
}
