using System.Text;
using SecretsKit.Core.Crypto;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Tests.Operations;

/// <summary>The IV stash of a decrypted file is built only when a re-encrypt asks for it, and still keeps unchanged values byte-stable.</summary>
public sealed class DecryptedFileStashTests
{
    private const string Yaml = "# a comment\na: one\nb: two\nc:\n    - 3\n    - four\nd: true\n";

    [Fact]
    public async Task Decrypt_does_not_build_the_stash_until_a_reencrypt_asks_for_it()
    {
        using var h = new OperationsHarness("age-unittest-identity.txt");
        var decrypted = await h.DecryptAsync(await h.EncryptAsync(Yaml, new[] { h.Key(OperationsHarness.Recipient) }));

        Assert.False(decrypted.StashBuilt);
        Assert.Equal(Yaml, Encoding.UTF8.GetString(h.Yaml.EmitPlain(decrypted.Plain)));
        Assert.False(decrypted.StashBuilt);

        // a:, b:, c[0], c[1], d: and the comment
        Assert.Equal(6, decrypted.Stash.Count);
        Assert.True(decrypted.StashBuilt);
    }

    [Fact]
    public async Task Reencrypt_of_the_unchanged_tree_reproduces_every_value_and_the_mac()
    {
        using var h = new OperationsHarness("age-unittest-identity.txt");
        var encrypted = await h.EncryptAsync(Yaml, new[] { h.Key(OperationsHarness.Recipient) });
        var original = await h.DecryptAsync(encrypted);

        var again = h.Engine.Reencrypt(original, original.Plain);

        Assert.Equal(h.Yaml.ParseEncrypted(encrypted).Tree, again.Tree);
        Assert.Equal(original.Metadata.Mac, again.Metadata.Mac);
        Assert.Equal(original.Metadata.LastModified, again.Metadata.LastModified);
    }

    [Fact]
    public async Task Reencrypt_after_changing_one_value_keeps_the_ciphertext_of_the_others()
    {
        using var h = new OperationsHarness("age-unittest-identity.txt");
        var encrypted = await h.EncryptAsync(Yaml, new[] { h.Key(OperationsHarness.Recipient) });
        var before = h.Yaml.ParseEncrypted(encrypted).Tree.Branches[0];
        var original = await h.DecryptAsync(encrypted);
        var edited = h.Yaml.ParsePlain(Encoding.UTF8.GetBytes(Yaml.Replace("b: two", "b: changed", StringComparison.Ordinal)));

        var after = h.Engine.Reencrypt(original, edited).Tree.Branches[0];

        Assert.Equal(before.Get("a"), after.Get("a"));
        Assert.Equal(before.Get("c"), after.Get("c"));
        Assert.Equal(before.Get("d"), after.Get("d"));
        Assert.Equal(before.Items[0], after.Items[0]);
        Assert.NotEqual(before.Get("b"), after.Get("b"));
        Assert.NotEqual(original.Metadata.Mac, h.Engine.Reencrypt(original, edited).Metadata.Mac);
        var reread = await h.DecryptAsync(h.Engine.Reencrypt(original, edited).Emit(h.Yaml));
        Assert.Equal(new StringValue("changed"), reread.Plain.Branches[0].Get("b"));
    }

    [Fact]
    public async Task A_value_moved_to_another_key_gets_a_new_iv()
    {
        using var h = new OperationsHarness("age-unittest-identity.txt");
        var encrypted = await h.EncryptAsync("a: same\nb: other\n", new[] { h.Key(OperationsHarness.Recipient) });
        var before = h.Yaml.ParseEncrypted(encrypted).Tree.Branches[0];
        var original = await h.DecryptAsync(encrypted);
        var swapped = h.Yaml.ParsePlain(Encoding.UTF8.GetBytes("a: same\nb: same\n"));

        var after = h.Engine.Reencrypt(original, swapped).Tree.Branches[0];

        Assert.Equal(before.Get("a"), after.Get("a"));
        Assert.NotEqual(IvOf(after.Get("a")), IvOf(after.Get("b")));
    }

    private static byte[] IvOf(TreeNode? stored)
    {
        Assert.True(EncryptedValue.TryParse(Assert.IsType<StringValue>(stored).Value, out var parsed, out _));
        return parsed.Iv;
    }
}
