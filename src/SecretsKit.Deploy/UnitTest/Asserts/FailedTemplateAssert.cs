using System.Text.RegularExpressions;
using SecretsKit.Deploy.UnitTest.Values;
using SecretsKit.Go;
using SecretsKit.Go.Regexp;

namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary>
/// <c>failedTemplate</c> / <c>notFailedTemplate</c>: rendering failed (with <c>errorMessage</c> equal to the message,
/// or <c>errorPattern</c> matching it; a pattern that is not a valid regex, or does not match, is tried as literal text).
/// </summary>
internal sealed partial class FailedTemplateAssert(AssertParams p) : IAssertValidator
{
    private readonly string _message = p.String("errorMessage");
    private readonly string _pattern = p.String("errorPattern");

    public AssertOutcome Validate(ValidateContext context)
    {
        if (_message.Length > 0 && _pattern.Length > 0)
            return new AssertOutcome(false, FailInfo.Error(-1, -1, "single attribute 'errorMessage' or 'errorPattern' supported at the same time"));
        if (context.RenderError is { } error)
        {
            if (_pattern.Length > 0) return Pattern(error, -1, context.Negative);
            if (_message.Length > 0) return Message(error, -1, context.Negative);
            return AssertOutcome.Pass;
        }
        return Documents(context);
    }

    private AssertOutcome Documents(ValidateContext context)
    {
        var success = true;
        var errors = new List<string>();
        var manifests = context.Selected;
        for (var i = 0; i < manifests.Count; i++)
        {
            if (_message.Length == 0 && _pattern.Length == 0 && !context.Negative) continue;
            var actual = manifests[i] is IReadOnlyDictionary<string, object?> m ? m.GetValueOrDefault(ManifestValues.RawKey) as string : null;
            var outcome = _pattern.Length > 0 ? Pattern(actual, i, context.Negative)
                : _message.Length > 0 ? Message(actual, i, context.Negative)
                : AssertOutcome.Pass;
            errors.AddRange(outcome.Info);
            success = i == 0 ? outcome.Passed : success && outcome.Passed;
            if (!success && context.FailFast) break;
        }
        if (manifests.Count == 0 && !context.Negative)
        {
            success = false;
            errors.AddRange(Fail("No failed document", -1, false));
        }
        return new AssertOutcome(success, errors);
    }

    private AssertOutcome Pattern(string? actual, int manifestIndex, bool negative)
    {
        GoRegex regex;
        try
        {
            regex = GoRegex.Compile(_pattern);
        }
        catch (GoException)
        {
            regex = GoRegex.Compile(QuoteMeta(_pattern));
        }
        if (actual is null || regex.IsMatch(actual) != negative) return AssertOutcome.Pass;
        if (MetaCharacters().IsMatch(_pattern) && GoRegex.Compile(QuoteMeta(_pattern)).IsMatch(actual) != negative) return AssertOutcome.Pass;
        return new AssertOutcome(false, Fail(actual, manifestIndex, negative));
    }

    private AssertOutcome Message(string? actual, int manifestIndex, bool negative) =>
        (actual is not null && actual == _message) == negative ? new AssertOutcome(false, Fail(actual, manifestIndex, negative)) : AssertOutcome.Pass;

    private List<string> Fail(object? actual, int manifestIndex, bool not)
    {
        var custom = _pattern.Length > 0 ? " to match" : " to equal";
        var message = _message.Length > 0 ? _message : _pattern;
        return not
            ? FailInfo.Lines(FailInfo.Format(true, false, false, false, custom), manifestIndex, -1, message)
            : FailInfo.Lines(FailInfo.Format(false, false, true, false, custom), manifestIndex, -1, message, ManifestValues.Format(actual));
    }

    // Go's regexp.QuoteMeta: a backslash before each of \.+*?()|[]{}^$
    private static string QuoteMeta(string s) => QuoteMetaRegex().Replace(s, @"\$0");

    [GeneratedRegex(@"[\\.+*?()|\[\]{}^$]", RegexOptions.CultureInvariant)]
    private static partial Regex QuoteMetaRegex();

    [GeneratedRegex(@".*[\\.+*?()|\[\]{}^$].*", RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharacters();
}
