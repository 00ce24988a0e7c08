namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary>
/// One assertion key of a suite: its validator, whether it is the negation of another (<c>notEqual</c>), and whether it
/// needs the template to render (all but <c>failedTemplate</c>).
/// </summary>
internal sealed record AssertionType(string Name, Func<AssertParams, IAssertValidator> Create, bool Antonym = false, bool RequireRenderSuccess = true);
