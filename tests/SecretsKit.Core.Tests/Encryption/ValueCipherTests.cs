using SecretsKit.Core.Tests.Crypto;
using System.Security.Cryptography;
using System.Text;
using SecretsKit.Core.Crypto;
using SecretsKit.Core.Tree;
using SecretsKit.Core.Encryption;

namespace SecretsKit.Core.Tests.Encryption;

public sealed class ValueCipherTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Decrypts_the_sops_known_answer_vector()
    {
        var key = Enumerable.Repeat((byte)'f', 32).ToArray();
        using var cipher = new ValueCipher(key);
        const string stored = "ENC[AES256_GCM,data:oYyi,iv:MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]";
        Assert.True(cipher.TryDecrypt(stored, "bar:", null, out var value, out var error), error);
        Assert.Equal(new StringValue("foo"), value);
        Assert.False(cipher.TryDecrypt(stored, "baz:", null, out _, out error));
        Assert.Contains("authentication failed", error, StringComparison.Ordinal);
    }

    public static TheoryData<TreeNode, string, string> TypedValues() => new()
    {
        { new StringValue("héllo wörld"), "str", "héllo wörld" },
        { new IntValue(-42), "int", "-42" },
        { new IntValue(long.MaxValue), "int", "9223372036854775807" },
        { new FloatValue(1.0), "float", "1" },
        { new FloatValue(1e21), "float", "1000000000000000000000" },
        { new FloatValue(double.NegativeInfinity), "float", "-Inf" },
        { new BoolValue(true), "bool", "True" },
        { new BoolValue(false), "bool", "False" },
        { new TimeValue(new DateTimeOffset(2006, 1, 2, 15, 4, 5, new TimeSpan(7, 6, 0))), "time", "2006-01-02T15:04:05+07:06" },
        { new CommentValue(" a comment"), "comment", " a comment" },
    };

    [Theory]
    [MemberData(nameof(TypedValues))]
    public void Encrypts_each_type_with_its_tag_and_plaintext_and_decrypts_it_back(TreeNode value, string type, string plaintext)
    {
        using var cipher = new ValueCipher(Key);
        var stored = cipher.Encrypt(value, "a:b:");
        Assert.Matches(@"^ENC\[AES256_GCM,data:[A-Za-z0-9+/=]+,iv:[A-Za-z0-9+/=]{44},tag:[A-Za-z0-9+/=]{24},type:" + type + @"\]$", stored);
        Assert.Equal(plaintext, Encoding.UTF8.GetString(RawPlaintext(stored, "a:b:")));
        Assert.True(cipher.TryDecrypt(stored, "a:b:", null, out var back, out var error), error);
        Assert.Equal(value, back);
    }

    [Fact]
    public void Bytes_are_encrypted_as_str_and_invalid_utf8_decrypts_to_bytes()
    {
        using var cipher = new ValueCipher(Key);
        var raw = new byte[] { 0xff, 0xfe, 0x00, 0x41 };
        var stored = cipher.Encrypt(new BytesValue(raw), "data:");
        Assert.EndsWith(",type:str]", stored, StringComparison.Ordinal);
        Assert.True(cipher.TryDecrypt(stored, "data:", null, out var back, out _));
        Assert.Equal(raw, Assert.IsType<BytesValue>(back).Value);

        var utf8 = cipher.Encrypt(new BytesValue("plain text\n"u8.ToArray()), "data:");
        Assert.True(cipher.TryDecrypt(utf8, "data:", null, out back, out _));
        Assert.Equal(new StringValue("plain text\n"), back);
    }

    [Fact]
    public void Legacy_bytes_type_decrypts_to_BytesValue()
    {
        var stored = Forge("k:", "abc"u8.ToArray(), "bytes");
        using var cipher = new ValueCipher(Key);
        Assert.True(cipher.TryDecrypt(stored, "k:", null, out var value, out _));
        Assert.Equal("abc"u8.ToArray(), Assert.IsType<BytesValue>(value).Value);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("t", true)]
    [InlineData("T", true)]
    [InlineData("TRUE", true)]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("0", false)]
    [InlineData("f", false)]
    [InlineData("F", false)]
    [InlineData("FALSE", false)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    public void Bool_accepts_every_Go_ParseBool_spelling(string text, bool expected)
    {
        using var cipher = new ValueCipher(Key);
        Assert.True(cipher.TryDecrypt(Forge("k:", Encoding.UTF8.GetBytes(text), "bool"), "k:", null, out var value, out _));
        Assert.Equal(new BoolValue(expected), value);
    }

    [Theory]
    [InlineData("yes", "bool")]
    [InlineData("1.5", "int")]
    [InlineData(" 7", "int")]
    [InlineData("99999999999999999999", "int")]
    [InlineData("1e999", "float")]
    [InlineData("2024-01-01", "time")]
    public void Unparseable_plaintext_of_its_type_fails_without_quoting_the_value(string text, string type)
    {
        using var cipher = new ValueCipher(Key);
        Assert.False(cipher.TryDecrypt(Forge("k:", Encoding.UTF8.GetBytes(text), type), "k:", null, out _, out var error));
        Assert.DoesNotContain(text.Trim(), error, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_canonical_int_parses_to_its_value()
    {
        using var cipher = new ValueCipher(Key);
        Assert.True(cipher.TryDecrypt(Forge("k:", "007"u8.ToArray(), "int"), "k:", null, out var value, out _));
        Assert.Equal(new IntValue(7), value);
    }

    [Fact]
    public void Unknown_type_is_an_error_naming_the_type()
    {
        using var cipher = new ValueCipher(Key);
        Assert.False(cipher.TryDecrypt(Forge("k:", "x"u8.ToArray(), "int64x"), "k:", null, out _, out var error));
        Assert.Contains("unknown value type 'int64x'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_values_are_not_encrypted_and_empty_decrypts_to_empty()
    {
        using var cipher = new ValueCipher(Key);
        Assert.Equal("", cipher.Encrypt(new StringValue(""), "k:"));
        Assert.Equal("", cipher.Encrypt(new BytesValue([]), "k:"));
        Assert.Equal("", cipher.Encrypt(new CommentValue(""), "k:"));
        Assert.True(cipher.TryDecrypt("", "k:", null, out var value, out _));
        Assert.Equal(new StringValue(""), value);
    }

    [Theory]
    [InlineData("ENC[AES256_GCM,data:abc,iv:def]")]
    [InlineData("ENC[AES256_GCM,data:!!!!,iv:MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]")]
    [InlineData("ENC[AES256_GCM,data:,iv:MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]")]
    [InlineData("ENC[AES256_GCM,data:oYyi,iv:MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,tag:t5z2Z023Up0kxwCgw1gNxg==,type:str")]
    public void Malformed_ENC_strings_fail_with_a_format_reason(string stored)
    {
        using var cipher = new ValueCipher(Key);
        Assert.False(cipher.TryDecrypt(stored, "k:", null, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Parse_is_anchored_at_the_start_only_like_sops()
    {
        var key = Enumerable.Repeat((byte)'f', 32).ToArray();
        using var cipher = new ValueCipher(key);
        const string stored = "ENC[AES256_GCM,data:oYyi,iv:MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,tag:t5z2Z023Up0kxwCgw1gNxg==,type:str] trailing";
        Assert.True(cipher.TryDecrypt(stored, "bar:", null, out var value, out _));
        Assert.Equal(new StringValue("foo"), value);
    }

    [Fact]
    public void Each_encryption_uses_a_fresh_32_byte_iv()
    {
        using var cipher = new ValueCipher(Key);
        var a = cipher.Encrypt(new StringValue("same"), "k:");
        var b = cipher.Encrypt(new StringValue("same"), "k:");
        Assert.NotEqual(a, b);
        Assert.True(EncryptedValue.TryParse(a, out var parsed, out _));
        Assert.Equal(32, parsed.Iv.Length);
        Assert.Equal(16, parsed.Tag.Length);
    }

    /// <summary>Encrypts arbitrary bytes under any type tag, as a foreign (or hostile) writer could.</summary>
    internal static string Forge(string aad, byte[] plaintext, string type, byte[]? key = null)
    {
        using var gcm = new GcmCipher(key ?? Key);
        var iv = RandomNumberGenerator.GetBytes(32);
        var c = new byte[plaintext.Length];
        var tag = new byte[16];
        gcm.Encrypt(iv, plaintext, Encoding.UTF8.GetBytes(aad), c, tag);
        return EncryptedValue.Format(c, iv, tag, type);
    }

    private static byte[] RawPlaintext(string stored, string aad)
    {
        Assert.True(EncryptedValue.TryParse(stored, out var parsed, out _));
        using var gcm = new GcmCipher(Key);
        var plain = new byte[parsed.Data.Length];
        Assert.True(gcm.TryDecrypt(parsed.Iv, parsed.Data, parsed.Tag, Encoding.UTF8.GetBytes(aad), plain));
        return plain;
    }
}
