using SecretsKit.Core.Tests.Crypto;
using System.Security.Cryptography;
using System.Text;
using SecretsKit.Core.Crypto;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Tree;
using static SecretsKit.Core.Tests.Tree.TreeBuilder;
using SecretsKit.Core.Encryption;

namespace SecretsKit.Core.Tests.Encryption;

public sealed class TreeCipherTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    private static SopsTree Sample() => new([
        Map(
            C(" top comment"),
            I("str", "hello"),
            I("int", new IntValue(42)),
            I("float", new FloatValue(3.5)),
            I("bool", new BoolValue(false)),
            I("time", new TimeValue(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero))),
            I("empty", ""),
            I("nothing", NullValue.Instance),
            I("nested", Map(I("deeper", Map(C(" inner comment"), I("leaf", "x"))))),
            I("list", List(S("a"), new CommentValue(" in list", Inline: true), S("b"), Map(I("number", "1")), NullValue.Instance)),
            I("secret_unencrypted", "visible")),
        Map(I("second", "document")),
    ]);

    [Fact]
    public void Decrypt_of_encrypt_restores_the_tree_and_both_macs_agree()
    {
        var plain = Sample();
        var enc = TreeCipher.Encrypt(plain, Key, CryptRules.Default, macOnlyEncrypted: false);
        var dec = TreeCipher.Decrypt(enc.Tree, Key, CryptRules.Default, macOnlyEncrypted: false);
        Assert.Equal(plain, dec.Tree);
        Assert.Equal(enc.MacHex, dec.MacHex);
        Assert.Matches("^[0-9A-F]{128}$", enc.MacHex);
    }

    [Fact]
    public void Encrypt_leaves_nulls_empty_strings_and_unencrypted_suffix_values_alone()
    {
        var enc = TreeCipher.Encrypt(Sample(), Key, CryptRules.Default, false).Tree;
        Assert.IsType<NullValue>(At(enc, "nothing"));
        Assert.Equal("", Str(enc, "empty"));
        Assert.Equal("visible", Str(enc, "secret_unencrypted"));
        Assert.IsType<NullValue>(At(enc, "list", "4"));
        foreach (var path in new[] { new[] { "str" }, ["int"], ["float"], ["bool"], ["time"], ["nested", "deeper", "leaf"], ["list", "0"] })
        {
            Assert.True(IsEnc(Str(enc, path)), string.Join('.', path));
        }
        Assert.EndsWith("type:int]", Str(enc, "int"), StringComparison.Ordinal);
        Assert.EndsWith("type:time]", Str(enc, "time"), StringComparison.Ordinal);
    }

    [Fact]
    public void Aad_is_the_key_path_with_trailing_colon_without_list_indices_and_comments_use_their_mapping_path()
    {
        var enc = TreeCipher.Encrypt(Sample(), Key, CryptRules.Default, false).Tree;
        using var cipher = new ValueCipher(Key);
        AssertDecryptsUnder(cipher, Str(enc, "str"), "str:");
        AssertDecryptsUnder(cipher, Str(enc, "nested", "deeper", "leaf"), "nested:deeper:leaf:");
        AssertDecryptsUnder(cipher, Str(enc, "list", "0"), "list:");
        AssertDecryptsUnder(cipher, Str(enc, "list", "2"), "list:");
        AssertDecryptsUnder(cipher, Str(enc, "list", "3", "number"), "list:number:");
        AssertDecryptsUnder(cipher, Comments(enc.Branches[0])[0], ":");
        AssertDecryptsUnder(cipher, Comments((TreeBranch)At(enc, "nested", "deeper"))[0], "nested:deeper:");
        var listComment = Assert.IsType<CommentValue>(At(enc, "list", "1"));
        Assert.True(listComment.Inline);
        Assert.EndsWith("type:comment]", listComment.Text, StringComparison.Ordinal);
        AssertDecryptsUnder(cipher, listComment.Text, "list:");
    }

    [Fact]
    public void Mac_is_uppercase_sha512_over_plaintext_of_every_non_null_non_comment_leaf_in_walk_order()
    {
        var expected = Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(
            "hello" + "42" + "3.5" + "False" + "2024-01-01T00:00:00Z" + "" + "x" + "a" + "b" + "1" + "visible" + "document")));
        Assert.Equal(expected, TreeCipher.Encrypt(Sample(), Key, CryptRules.Default, false).MacHex);
    }

    [Fact]
    public void Mac_only_encrypted_seeds_with_sha256_of_sops_and_skips_unencrypted_values()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        sha.AppendData(SHA256.HashData("sops"u8));
        Assert.Equal("8A3FD2AD54CE66527B1034F3D147BE0B0B975B3BF44F72C6FDADEC8176F27D69", Convert.ToHexString(SHA256.HashData("sops"u8)));
        sha.AppendData(Encoding.UTF8.GetBytes("hello" + "42" + "3.5" + "False" + "2024-01-01T00:00:00Z" + "" + "x" + "a" + "b" + "1" + "document"));
        var expected = Convert.ToHexString(sha.GetHashAndReset());

        var enc = TreeCipher.Encrypt(Sample(), Key, CryptRules.Default, macOnlyEncrypted: true);
        Assert.Equal(expected, enc.MacHex);
        Assert.Equal(expected, TreeCipher.Decrypt(enc.Tree, Key, CryptRules.Default, macOnlyEncrypted: true).MacHex);
        Assert.NotEqual(TreeCipher.Encrypt(Sample(), Key, CryptRules.Default, false).MacHex, expected);
    }

    [Fact]
    public void Decrypt_mac_covers_changed_unencrypted_value_in_default_mode_only()
    {
        var enc = TreeCipher.Encrypt(Sample(), Key, CryptRules.Default, false);
        var edited = Replace(enc.Tree, "secret_unencrypted", S("changed"));
        Assert.NotEqual(enc.MacHex, TreeCipher.Decrypt(edited, Key, CryptRules.Default, false).MacHex);

        var encOnly = TreeCipher.Encrypt(Sample(), Key, CryptRules.Default, true);
        var editedOnly = Replace(encOnly.Tree, "secret_unencrypted", S("changed"));
        Assert.Equal(encOnly.MacHex, TreeCipher.Decrypt(editedOnly, Key, CryptRules.Default, true).MacHex);
    }

    [Fact]
    public void Iv_stash_keeps_ciphertext_of_unchanged_values_and_changes_edited_ones()
    {
        var first = TreeCipher.Encrypt(Sample(), Key, CryptRules.Default, false).Tree;
        var stash = new IvStash();
        var plain = TreeCipher.Decrypt(first, Key, CryptRules.Default, false, stash).Tree;
        Assert.True(stash.Count > 0);

        var edited = Replace(plain, "str", S("changed"));
        var second = TreeCipher.Encrypt(edited, Key, CryptRules.Default, false, stash).Tree;
        Assert.Equal(Str(first, "int"), Str(second, "int"));
        Assert.Equal(Str(first, "nested", "deeper", "leaf"), Str(second, "nested", "deeper", "leaf"));
        Assert.Equal(Comments(first.Branches[0]), Comments(second.Branches[0]));
        Assert.NotEqual(Str(first, "str"), Str(second, "str"));

        // Without a stash every value gets a fresh IV.
        var third = TreeCipher.Encrypt(plain, Key, CryptRules.Default, false).Tree;
        Assert.NotEqual(Str(first, "int"), Str(third, "int"));
    }

    [Fact]
    public void Iv_stash_with_a_new_key_reuses_the_iv_but_changes_the_ciphertext()
    {
        var first = TreeCipher.Encrypt(Sample(), Key, CryptRules.Default, false).Tree;
        var stash = new IvStash();
        var plain = TreeCipher.Decrypt(first, Key, CryptRules.Default, false, stash).Tree;
        var newKey = RandomNumberGenerator.GetBytes(32);
        var rotated = TreeCipher.Encrypt(plain, newKey, CryptRules.Default, false, stash).Tree;
        Assert.True(EncryptedValue.TryParse(Str(first, "str"), out var a, out _));
        Assert.True(EncryptedValue.TryParse(Str(rotated, "str"), out var b, out _));
        Assert.Equal(a.Iv, b.Iv);
        Assert.NotEqual(a.Data, b.Data);
        Assert.Equal(plain, TreeCipher.Decrypt(rotated, newKey, CryptRules.Default, false).Tree);
    }

    [Fact]
    public void Iv_stash_never_reuses_an_iv_for_other_plaintext_bytes_or_another_type()
    {
        var stash = new IvStash();
        var stored = ValueCipherTests.Forge("n:", "007"u8.ToArray(), "int", Key);
        var storedInt5 = ValueCipherTests.Forge("s:", "5"u8.ToArray(), "int", Key);
        var plain = TreeCipher.Decrypt(Doc(I("n", stored), I("s", storedInt5)), Key, CryptRules.Default, false, stash).Tree;
        Assert.Equal(new IntValue(7), At(plain, "n"));

        // "7" is not the stashed plaintext "007", and str "5" is not int 5: both get fresh IVs.
        var again = TreeCipher.Encrypt(Doc(I("n", new IntValue(7)), I("s", "5")), Key, CryptRules.Default, false, stash).Tree;
        Assert.True(EncryptedValue.TryParse(stored, out var before, out _));
        Assert.True(EncryptedValue.TryParse(Str(again, "n"), out var after, out _));
        Assert.NotEqual(before.Iv, after.Iv);
        Assert.EndsWith("type:str]", Str(again, "s"), StringComparison.Ordinal);
        Assert.True(EncryptedValue.TryParse(storedInt5, out var int5, out _));
        Assert.True(EncryptedValue.TryParse(Str(again, "s"), out var str5, out _));
        Assert.NotEqual(int5.Iv, str5.Iv);
        Assert.Equal(2, stash.Count);

        // The same int re-encrypted does reuse its IV.
        var same = TreeCipher.Encrypt(Doc(I("s", new IntValue(5))), Key, CryptRules.Default, false, stash).Tree;
        Assert.Equal(storedInt5, Str(same, "s"));
    }

    [Fact]
    public void Decrypt_rejects_values_swapped_between_keys_with_exit_25_naming_the_path()
    {
        var enc = TreeCipher.Encrypt(Doc(I("a", Map(I("b", "secret-one"))), I("c", "secret-two")), Key, CryptRules.Default, false).Tree;
        var swapped = Doc(I("a", Map(I("b", Str(enc, "c")))), I("c", Str(enc, "a", "b")));
        var ex = Assert.Throws<SecretsKitException>(() => TreeCipher.Decrypt(swapped, Key, CryptRules.Default, false));
        Assert.Equal(ExitCodes.ErrorDecryptingTree, ex.ExitCode);
        Assert.Contains("cannot decrypt value at 'a:b:'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("authentication failed", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Str(enc, "c"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_rejects_a_modified_tag_with_exit_25()
    {
        var enc = TreeCipher.Encrypt(Doc(I("k", "value")), Key, CryptRules.Default, false).Tree;
        Assert.True(EncryptedValue.TryParse(Str(enc, "k"), out var parsed, out _));
        parsed.Tag[0] ^= 1;
        var tampered = Doc(I("k", EncryptedValue.Format(parsed.Data, parsed.Iv, parsed.Tag, parsed.Type)));
        var ex = Assert.Throws<SecretsKitException>(() => TreeCipher.Decrypt(tampered, Key, CryptRules.Default, false));
        Assert.Equal(25, ex.ExitCode);
    }

    [Fact]
    public void Decrypt_with_wrong_key_fails_with_exit_25()
    {
        var enc = TreeCipher.Encrypt(Doc(I("k", "value")), Key, CryptRules.Default, false).Tree;
        var ex = Assert.Throws<SecretsKitException>(() => TreeCipher.Decrypt(enc, RandomNumberGenerator.GetBytes(32), CryptRules.Default, false));
        Assert.Equal(25, ex.ExitCode);
    }

    [Fact]
    public void Decrypt_reports_malformed_ENC_and_unknown_type_with_exit_25_and_the_path()
    {
        var malformed = Doc(I("x", Map(I("y", "ENC[AES256_GCM,data:broken]"))));
        var ex = Assert.Throws<SecretsKitException>(() => TreeCipher.Decrypt(malformed, Key, CryptRules.Default, false));
        Assert.Equal(25, ex.ExitCode);
        Assert.Contains("'x:y:'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("format", ex.Message, StringComparison.Ordinal);

        var unknown = Doc(I("k", ValueCipherTests.Forge("k:", "1"u8.ToArray(), "uint", Key)));
        ex = Assert.Throws<SecretsKitException>(() => TreeCipher.Decrypt(unknown, Key, CryptRules.Default, false));
        Assert.Equal(25, ex.ExitCode);
        Assert.Contains("unknown value type 'uint'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_keeps_plaintext_comments_of_old_files_and_undecryptable_comments()
    {
        var other = RandomNumberGenerator.GetBytes(32);
        var foreignComment = ValueCipherTests.Forge(":", "x"u8.ToArray(), "comment", other);
        var tree = Doc(C(" plain comment"), C(foreignComment), I("k_unencrypted", "plain value"), I("n_unencrypted", new IntValue(5)));
        var result = TreeCipher.Decrypt(tree, Key, CryptRules.Default, false);
        Assert.Equal(tree, result.Tree);
        Assert.Equal(Convert.ToHexString(SHA512.HashData("plain value5"u8)), result.MacHex);
    }

    [Fact]
    public void Decrypt_refuses_a_plaintext_value_the_rules_select_with_exit_25_as_sops()
    {
        var ex = Assert.Throws<SecretsKitException>(() => TreeCipher.Decrypt(Doc(I("k", "plain value")), Key, CryptRules.Default, false));
        Assert.Equal(ExitCodes.ErrorDecryptingTree, ex.ExitCode);
        Assert.Contains("'k:' is not encrypted, but the file's rules say it must be", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("plain value", ex.Message, StringComparison.Ordinal);
        Assert.Throws<SecretsKitException>(() => TreeCipher.Decrypt(Doc(I("n", new IntValue(5))), Key, CryptRules.Default, false));
    }

    [Fact]
    public void Decrypt_follows_the_files_rules_per_key_as_sops()
    {
        // An ENC value under an _unencrypted key is not decrypted: it passes as it is and is hashed as it is.
        var kept = ValueCipherTests.Forge("x_unencrypted:", "v"u8.ToArray(), "str", Key);
        var stored = ValueCipherTests.Forge("y:", "w"u8.ToArray(), "str", Key);
        var result = TreeCipher.Decrypt(Doc(I("x_unencrypted", kept), I("y", stored), I("e", "")), Key, CryptRules.Default, false);
        Assert.Equal(Doc(I("x_unencrypted", kept), I("y", "w"), I("e", "")), result.Tree);
        Assert.Equal(Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(kept + "w"))), result.MacHex);
    }

    [Fact]
    public void Mac_round_trips_with_lastmodified_as_aad_and_fails_with_exit_51_otherwise()
    {
        var mac = TreeCipher.Encrypt(Sample(), Key, CryptRules.Default, false).MacHex;
        var stored = TreeCipher.EncryptMac(mac, Key, "2026-05-22T20:16:23Z");
        Assert.EndsWith("type:str]", stored, StringComparison.Ordinal);
        Assert.Equal(mac, TreeCipher.DecryptMac(stored, Key, "2026-05-22T20:16:23Z"));
        Assert.Equal("", TreeCipher.DecryptMac("", Key, "2026-05-22T20:16:23Z"));

        var ex = Assert.Throws<MacMismatchException>(() => TreeCipher.DecryptMac(stored, Key, "2026-05-22T20:16:24Z"));
        Assert.Equal(ExitCodes.MacMismatch, ex.ExitCode);
        Assert.Contains("cannot decrypt MAC", ex.Message, StringComparison.Ordinal);
        Assert.Throws<MacMismatchException>(() => TreeCipher.DecryptMac("garbage", Key, "x"));
    }

    [Fact]
    public void Data_key_of_wrong_length_is_rejected_with_the_operation_exit_code()
    {
        Assert.Equal(25, Assert.Throws<SecretsKitException>(() => TreeCipher.Decrypt(Sample(), new byte[16], CryptRules.Default, false)).ExitCode);
        Assert.Equal(23, Assert.Throws<SecretsKitException>(() => TreeCipher.Encrypt(Sample(), new byte[33], CryptRules.Default, false)).ExitCode);
    }

    [Fact]
    public void Large_tree_of_many_values_round_trips()
    {
        var items = Enumerable.Range(0, 20_000).Select(i => I("key" + i, "value number " + i)).ToArray();
        var plain = Doc(items);
        var enc = TreeCipher.Encrypt(plain, Key, CryptRules.Default, false);
        var dec = TreeCipher.Decrypt(enc.Tree, Key, CryptRules.Default, false);
        Assert.Equal(plain, dec.Tree);
        Assert.Equal(enc.MacHex, dec.MacHex);
    }

    private static void AssertDecryptsUnder(ValueCipher cipher, string stored, string aad)
    {
        Assert.True(IsEnc(stored), stored);
        Assert.True(cipher.TryDecrypt(stored, aad, null, out _, out var error), $"AAD '{aad}': {error}");
    }

    private static SopsTree Replace(SopsTree tree, string key, TreeNode value)
    {
        var first = tree.Branches[0];
        var items = first.Items.Select(i => i.Key == key ? i with { Value = value } : i).ToList();
        return new SopsTree([new TreeBranch(items), .. tree.Branches.Skip(1)]);
    }
}
