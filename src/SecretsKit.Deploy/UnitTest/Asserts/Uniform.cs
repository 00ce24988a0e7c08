using System.Text.RegularExpressions;

namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary>helm-unittest's <c>uniformContent</c>: spaces before a line break removed, CRLF as LF, leading newlines dropped.</summary>
internal static partial class Uniform
{
    public static string Content(object? value) =>
        SpacesBeforeNewline().Replace(Values.ManifestValues.Format(value), "\n").TrimStart('\n');

    [GeneratedRegex(@"(?m)[ ]+\r?\n", RegexOptions.CultureInvariant)]
    private static partial Regex SpacesBeforeNewline();
}
