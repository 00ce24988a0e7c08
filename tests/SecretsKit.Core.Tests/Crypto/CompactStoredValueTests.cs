using System.Text;
using SecretsKit.Core.Crypto;
using SecretsKit.Core.Formats.Json;
using SecretsKit.Core.Tree;
using SecretsKit.Core.Encryption;

namespace SecretsKit.Core.Tests.Crypto;

/// <summary>Stored values held compactly (packed or as ASCII) read, compare and write back exactly as the text they came from.</summary>
public sealed class CompactStoredValueTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Encrypted_value_is_packed_and_gives_the_same_text_as_the_string_encryption()
    {
        using var cipher = new ValueCipher(Key);
        var stored = cipher.EncryptToValue(new StringValue("v123"), "k:");

        Assert.True(stored.IsCompact);
        var text = stored.Value;
        Assert.StartsWith("ENC[AES256_GCM,data:", text, StringComparison.Ordinal);
        Assert.EndsWith(",type:str]", text, StringComparison.Ordinal);
        Assert.Equal(text.Length, stored.Length);
        Assert.Equal(new StringValue(text), stored);
        Assert.Equal(new StringValue(text).GetHashCode(), stored.GetHashCode());
        Assert.True(cipher.TryDecrypt(text, "k:", null, out var plain, out _));
        Assert.Equal(new StringValue("v123"), plain);
    }

    [Fact]
    public void Read_value_that_packs_back_to_its_bytes_is_packed_and_compares_equal_to_its_text()
    {
        using var cipher = new ValueCipher(Key);
        var text = cipher.Encrypt(new IntValue(42), "n:");

        var read = StringValue.TryReadEncrypted(Encoding.ASCII.GetBytes(text));

        Assert.NotNull(read);
        Assert.True(read.IsCompact);
        Assert.Equal(text, read.Value);
        Assert.Equal(new StringValue(text), read);
    }

    [Theory]
    // Base64 with whitespace, unusual IV/tag sizes, an unknown type and trailing text: none packs back to its bytes.
    [InlineData("ENC[AES256_GCM,data:YWJj ZA==,iv:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]")]
    [InlineData("ENC[AES256_GCM,data:YWJj,iv:AAAA,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]")]
    [InlineData("ENC[AES256_GCM,data:YWJj,iv:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:weird]")]
    [InlineData("ENC[AES256_GCM,data:YWJj,iv:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]x")]
    [InlineData("ENC[AES256_GCM,not a stored value at all")]
    public void Read_value_that_would_not_pack_back_exactly_keeps_its_text(string text)
    {
        var read = StringValue.TryReadEncrypted(Encoding.ASCII.GetBytes(text));

        Assert.NotNull(read);
        Assert.Equal(text, read.Value);
        Assert.Equal(text.Length, read.Length);
        Assert.Equal(new StringValue(text), read);
    }

    [Fact]
    public void Non_ascii_or_plain_values_are_not_held_compactly()
    {
        Assert.Null(StringValue.TryReadEncrypted("ENC[AES256_GCM,data:é]"u8));
        Assert.Null(StringValue.TryReadEncrypted("plain value"u8));
    }

    [Fact]
    public void Json_writes_a_compact_value_as_it_writes_its_text()
    {
        using var cipher = new ValueCipher(Key);
        var stored = cipher.EncryptToValue(new StringValue("v"), "k:");
        var format = new JsonFormat();

        var compact = format.EmitPlain(new SopsTree([new TreeBranch([new TreeItem("k", stored)])]));
        var text = format.EmitPlain(new SopsTree([new TreeBranch([new TreeItem("k", new StringValue(stored.Value))])]));

        Assert.Equal(text, compact);
    }
}
