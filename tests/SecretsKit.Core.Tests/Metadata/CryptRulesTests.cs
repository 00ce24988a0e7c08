using SecretsKit.Core.Tests.Crypto;
using System.Security.Cryptography;
using SecretsKit.Core.Crypto;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Patterns;
using SecretsKit.Core.Tree;
using static SecretsKit.Core.Tests.Tree.TreeBuilder;
using SecretsKit.Core.Encryption;

namespace SecretsKit.Core.Tests.Metadata;

public sealed class CryptRulesTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    private static SopsTree Encrypt(SopsTree tree, CryptRules rules)
    {
        var result = TreeCipher.Encrypt(tree, Key, rules, macOnlyEncrypted: false);
        // Whatever the rules, decryption restores the original.
        Assert.Equal(tree, TreeCipher.Decrypt(result.Tree, Key, rules, false).Tree);
        return result.Tree;
    }

    [Fact]
    public void Unencrypted_suffix_on_any_path_component_leaves_everything_below_plaintext()
    {
        var enc = Encrypt(Doc(
            I("db_unencrypted", Map(C(" inside"), I("host", "h"), I("list", List(S("x"))))),
            I("password", "p"),
            I("nested", Map(I("name_unencrypted", "n"), I("secret", "s")))), CryptRules.Default);
        Assert.Equal("h", Str(enc, "db_unencrypted", "host"));
        Assert.Equal("x", Str(enc, "db_unencrypted", "list", "0"));
        Assert.Equal([" inside"], Comments((TreeBranch)At(enc, "db_unencrypted")));
        Assert.Equal("n", Str(enc, "nested", "name_unencrypted"));
        Assert.True(IsEnc(Str(enc, "password")));
        Assert.True(IsEnc(Str(enc, "nested", "secret")));
    }

    [Fact]
    public void Encrypted_suffix_encrypts_only_matching_paths_and_leaves_top_level_comments_plaintext()
    {
        var enc = Encrypt(Doc(
            C(" top"),
            I("token_secret", "t"),
            I("group_secret", Map(C(" in group"), I("a", "1"))),
            I("plain", "p")), new CryptRules(EncryptedSuffix: "_secret"));
        Assert.True(IsEnc(Str(enc, "token_secret")));
        Assert.True(IsEnc(Str(enc, "group_secret", "a")));
        Assert.True(IsEnc(Comments((TreeBranch)At(enc, "group_secret"))[0]));
        Assert.Equal("p", Str(enc, "plain"));
        Assert.Equal([" top"], Comments(enc.Branches[0]));
    }

    [Fact]
    public void Unencrypted_regex_is_an_unanchored_search_on_every_component()
    {
        var enc = Encrypt(Doc(
            I("is_public_key", "k"),
            I("outer", Map(I("pub", Map(I("x", "1"))))),
            I("private", "v")), new CryptRules(UnencryptedRegex: "pub"));
        Assert.Equal("k", Str(enc, "is_public_key"));
        Assert.Equal("1", Str(enc, "outer", "pub", "x"));
        Assert.True(IsEnc(Str(enc, "private")));
    }

    [Fact]
    public void Encrypted_regex_encrypts_matching_subtrees_only()
    {
        var enc = Encrypt(Doc(
            C(" kubernetes secret"),
            I("metadata", Map(I("name", "n"))),
            I("data", Map(C(" keys"), I("user", "u"), I("list", List(S("a"), Map(I("b", "c")))))),
            I("stringData", Map(I("x", "y")))), new CryptRules(EncryptedRegex: "^(data|stringData)$"));
        Assert.Equal("n", Str(enc, "metadata", "name"));
        Assert.True(IsEnc(Str(enc, "data", "user")));
        Assert.True(IsEnc(Str(enc, "data", "list", "0")));
        Assert.True(IsEnc(Str(enc, "data", "list", "1", "b")));
        Assert.True(IsEnc(Str(enc, "stringData", "x")));
        Assert.True(IsEnc(Comments((TreeBranch)At(enc, "data"))[0]));
        Assert.Equal([" kubernetes secret"], Comments(enc.Branches[0]));
    }

    [Fact]
    public void Go_named_groups_are_accepted()
    {
        var enc = Encrypt(Doc(I("password", "p"), I("user", "u")), new CryptRules(EncryptedRegex: "^(?P<k>pass)"));
        Assert.True(IsEnc(Str(enc, "password")));
        Assert.Equal("u", Str(enc, "user"));
    }

    [Fact]
    public void Go_posix_character_classes_are_accepted()
    {
        var enc = Encrypt(Doc(I("key1", "a"), I("key", "b"), I("KEY_2", "c")), new CryptRules(EncryptedRegex: "^[[:alpha:]_]+[[:digit:]]$"));
        Assert.True(IsEnc(Str(enc, "key1")));
        Assert.True(IsEnc(Str(enc, "KEY_2")));
        Assert.Equal("b", Str(enc, "key"));
    }

    [Fact]
    public void Invalid_regex_is_a_clear_error()
    {
        var ex = Assert.Throws<InvalidPatternException>(() => Encrypt(Doc(I("a", "b")), new CryptRules(EncryptedRegex: "(unclosed")));
        Assert.Equal("encrypted_regex: invalid regular expression '(unclosed': error parsing regexp: missing closing ): `(unclosed`", ex.Message);
        Assert.Equal(ExitCodes.Generic, ex.ExitCode);
    }

    [Theory]
    [InlineData("^(?=a)", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`")]
    [InlineData("(a)\\1", "error parsing regexp: invalid escape sequence: `\\1`")]
    public void A_pattern_go_refuses_is_refused_as_sops_refuses_it(string pattern, string goError)
    {
        // sops compiles the crypt rules with Go's regexp: look-around and back-references do not exist there
        var ex = Assert.Throws<InvalidPatternException>(() => Encrypt(Doc(I("a", "b")), new CryptRules(UnencryptedRegex: pattern)));
        Assert.Equal($"unencrypted_regex: invalid regular expression '{pattern}': {goError}", ex.Message);
    }

    [Fact]
    public void A_crypt_rule_matches_as_go_matches_perl_classes_ascii_only()
    {
        // Go's \d is [0-9]: an Arabic-Indic digit does not match it, so that key stays encrypted under unencrypted_regex
        var enc = Encrypt(Doc(I("a1", "x"), I("a\u0661", "y")), new CryptRules(UnencryptedRegex: "^a\\d$"));
        Assert.Equal("x", Str(enc, "a1"));
        Assert.True(IsEnc(Str(enc, "a\u0661")));
    }

    [Fact]
    public void Unencrypted_comment_regex_marks_the_next_item_and_its_subtree_and_the_marker_itself_plaintext()
    {
        var enc = Encrypt(Doc(
            C(" sops:nocrypt"),
            I("config", Map(I("a", "1"), C(" inner"), I("b", "2"))),
            I("after", "3"),
            C(" ordinary"),
            I("last", "4")), new CryptRules(UnencryptedCommentRegex: "sops:nocrypt"));
        var top = Comments(enc.Branches[0]);
        Assert.Equal(" sops:nocrypt", top[0]);
        Assert.Equal("1", Str(enc, "config", "a"));
        Assert.Equal("2", Str(enc, "config", "b"));
        Assert.Equal([" inner"], Comments((TreeBranch)At(enc, "config")));
        // The stack level is cleared after the non-comment item "config".
        Assert.True(IsEnc(Str(enc, "after")));
        Assert.True(IsEnc(top[1]));
        Assert.True(IsEnc(Str(enc, "last")));
    }

    [Fact]
    public void Encrypted_comment_regex_keeps_the_marker_plaintext_and_encrypts_what_follows_it()
    {
        var enc = Encrypt(Doc(
            C(" plain note"),
            C(" sops:enc"),
            C(" hidden note"),
            I("secret", Map(I("a", "1"), C(" nested note"), I("b", List(S("x"))))),
            I("open", "2"),
            I("group", Map(C(" sops:enc"), I("inner", "3"), I("sibling", "4")))), new CryptRules(EncryptedCommentRegex: "sops:enc"));
        var top = Comments(enc.Branches[0]);
        Assert.Equal(" plain note", top[0]);
        Assert.Equal(" sops:enc", top[1]);
        Assert.True(IsEnc(top[2]), "a comment after the marker is encrypted");
        Assert.True(IsEnc(Str(enc, "secret", "a")));
        Assert.True(IsEnc(Str(enc, "secret", "b", "0")));
        Assert.True(IsEnc(Comments((TreeBranch)At(enc, "secret"))[0]));
        Assert.Equal("2", Str(enc, "open"));
        var group = (TreeBranch)At(enc, "group");
        Assert.Equal([" sops:enc"], Comments(group));
        Assert.True(IsEnc(Str(enc, "group", "inner")));
        Assert.Equal("4", Str(enc, "group", "sibling"));
    }

    [Fact]
    public void Comment_stack_in_lists_applies_to_the_next_element_only()
    {
        var enc = Encrypt(Doc(
            I("items", List(new CommentValue(" sops:enc"), S("secret"), S("open")))), new CryptRules(EncryptedCommentRegex: "sops:enc"));
        Assert.Equal(" sops:enc", Assert.IsType<CommentValue>(At(enc, "items", "0")).Text);
        Assert.True(IsEnc(Str(enc, "items", "1")));
        Assert.Equal("open", Str(enc, "items", "2"));
    }

    [Fact]
    public void Mac_only_encrypted_on_decrypt_counts_the_values_the_rules_select()
    {
        var rules = new CryptRules(EncryptedRegex: "^secret$");
        var tree = Doc(I("secret", "s"), I("open", "o"));
        var enc = TreeCipher.Encrypt(tree, Key, rules, macOnlyEncrypted: true);
        Assert.Equal("o", Str(enc.Tree, "open"));
        var edited = Doc(I("secret", Str(enc.Tree, "secret")), I("open", "changed"));
        Assert.Equal(enc.MacHex, TreeCipher.Decrypt(edited, Key, rules, macOnlyEncrypted: true).MacHex);
        Assert.NotEqual(enc.MacHex, TreeCipher.Decrypt(edited, Key, rules, macOnlyEncrypted: false).MacHex);
    }

    [Fact]
    public void No_rule_set_encrypts_everything_including_suffixed_keys()
    {
        var enc = Encrypt(Doc(I("x_unencrypted", "v"), C(" c")), new CryptRules());
        Assert.True(IsEnc(Str(enc, "x_unencrypted")));
        Assert.True(IsEnc(Comments(enc.Branches[0])[0]));
    }
}
