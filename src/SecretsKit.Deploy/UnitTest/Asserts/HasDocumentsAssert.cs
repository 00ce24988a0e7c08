namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary><c>hasDocuments</c>: the template rendered <c>count</c> documents (the selected ones with <c>filterAware</c>).</summary>
internal sealed class HasDocumentsAssert(AssertParams p) : IAssertValidator
{
    private readonly long _count = p.Int("count") ?? 0;
    private readonly bool _filterAware = p.Bool("filterAware");

    public AssertOutcome Validate(ValidateContext context)
    {
        var length = _filterAware ? context.Selected.Count : context.Docs.Count;
        if (length == _count != context.Negative) return AssertOutcome.Pass;
        var expected = _count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var info = context.Negative
            ? FailInfo.Lines(FailInfo.Format(true, false, false, false, " documents count to be"), -1, -1, expected)
            : FailInfo.Lines(FailInfo.Format(false, false, true, false, " documents count to be"), -1, -1, expected, length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new AssertOutcome(false, info);
    }
}
