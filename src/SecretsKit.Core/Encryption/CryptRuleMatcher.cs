using System.Runtime.CompilerServices;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Crypto;

namespace SecretsKit.Core.Encryption;

/// <summary>
/// Decides per leaf whether it is (to be) encrypted: sops' <c>shouldBeEncrypted</c> (spec §3). Every rule is tested
/// against every key-path component; regexes are unanchored searches; later rules override earlier ones.
/// Compiled once per <see cref="CryptRules"/> instance.
/// </summary>
internal sealed class CryptRuleMatcher
{
    private static readonly ConditionalWeakTable<CryptRules, CryptRuleMatcher> Cache = new();

    private readonly string? _unencryptedSuffix;
    private readonly string? _encryptedSuffix;
    private readonly CryptPattern? _unencryptedRegex;
    private readonly CryptPattern? _encryptedRegex;
    private readonly CryptPattern? _unencryptedCommentRegex;
    private readonly CryptPattern? _encryptedCommentRegex;

    private CryptRuleMatcher(CryptRules rules)
    {
        _unencryptedSuffix = NullIfEmpty(rules.UnencryptedSuffix);
        _encryptedSuffix = NullIfEmpty(rules.EncryptedSuffix);
        _unencryptedRegex = Compile(rules.UnencryptedRegex, "unencrypted_regex");
        _encryptedRegex = Compile(rules.EncryptedRegex, "encrypted_regex");
        _unencryptedCommentRegex = Compile(rules.UnencryptedCommentRegex, "unencrypted_comment_regex");
        _encryptedCommentRegex = Compile(rules.EncryptedCommentRegex, "encrypted_comment_regex");
    }

    /// <summary>The matcher for <paramref name="rules"/>, compiled on first use. Throws exit 1 for an invalid regex.</summary>
    public static CryptRuleMatcher For(CryptRules rules) => Cache.GetValue(rules, static r => new CryptRuleMatcher(r));

    /// <param name="path">The mapping keys from the root (a comment's path is its containing mapping's).</param>
    /// <param name="comments">The comment stack: one list per nesting level, innermost last.</param>
    /// <param name="isComment">True when the leaf is itself a comment (it is then the last entry of the innermost level).</param>
    public bool ShouldEncrypt(IReadOnlyList<string> path, IReadOnlyList<List<string>> comments, bool isComment)
    {
        var encrypted = true;
        if (_unencryptedSuffix is not null && AnyEndsWith(path, _unencryptedSuffix)) encrypted = false;
        if (_encryptedSuffix is not null) encrypted = AnyEndsWith(path, _encryptedSuffix);
        if (_unencryptedRegex is not null && AnyMatches(path, _unencryptedRegex)) encrypted = false;
        if (_encryptedRegex is not null) encrypted = AnyMatches(path, _encryptedRegex);
        if (_unencryptedCommentRegex is not null)
        {
            foreach (var level in comments)
            {
                if (AnyMatches(level, _unencryptedCommentRegex))
                {
                    encrypted = false;
                    break;
                }
            }
        }
        if (_encryptedCommentRegex is not null)
        {
            encrypted = false;
            for (var i = 0; i < comments.Count && !encrypted; i++)
            {
                var level = comments[i];
                var count = level.Count;
                // A comment leaf never turns itself on: the marker line stays plaintext.
                if (isComment && i == comments.Count - 1) count--;
                for (var j = 0; j < count; j++)
                {
                    if (_encryptedCommentRegex.IsMatch(level[j]))
                    {
                        encrypted = true;
                        break;
                    }
                }
            }
        }
        return encrypted;
    }

    private static bool AnyEndsWith(IReadOnlyList<string> path, string suffix)
    {
        for (var i = 0; i < path.Count; i++)
        {
            if (path[i].EndsWith(suffix, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static bool AnyMatches(IReadOnlyList<string> items, CryptPattern regex)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (regex.IsMatch(items[i])) return true;
        }
        return false;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static CryptPattern? Compile(string? pattern, string setting) => string.IsNullOrEmpty(pattern) ? null : CryptPattern.Compile(setting, pattern);
}
