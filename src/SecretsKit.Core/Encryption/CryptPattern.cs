using SecretsKit.Core.Patterns;
using SecretsKit.Go.Regexp;

namespace SecretsKit.Core.Encryption;

/// <summary>
/// One crypt rule's pattern (<c>encrypted_regex</c>, <c>unencrypted_regex</c>, their comment forms) compiled as sops
/// compiles it, with Go's <c>regexp</c> (<see cref="ForeignRegex"/>); a bad pattern or a match past the timeout is an
/// <see cref="InvalidPatternException"/> naming the setting.
/// </summary>
internal sealed record CryptPattern(string Setting, string Text, GoRegex Regex)
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    public static CryptPattern Compile(string setting, string pattern) =>
        new(setting, pattern, ForeignRegex.Compile(setting, pattern, MatchTimeout, "fix the regex in .sops.yaml, the command line or the file's sops metadata"));

    public bool IsMatch(string input) => ForeignRegex.IsMatch(Setting, Text, Regex, input, MatchTimeout);
}
