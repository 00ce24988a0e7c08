using System.Security.Cryptography;
using System.Text;
using SecretsKit.Core.Crypto;
using SecretsKit.Core.Tree;
using SecretsKit.Core.Encryption;

namespace SecretsKit.Core.Tests.Crypto;

/// <summary>Values of many megabytes: exact round trips, and a bounded number of copies while encrypting and decrypting.</summary>
public sealed class LargeValueTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    private static string Text(int length, int seed)
    {
        // ASCII, 2-, 3- and 4-byte characters (surrogate pairs), so UTF-8 and UTF-16 lengths differ.
        string[] alphabet = ["a", "Z", "9", "é", "€", "\U0001F510", "\n", " "];
        var random = new Random(seed);
        var sb = new StringBuilder(length + 2);
        while (sb.Length < length) sb.Append(alphabet[random.Next(alphabet.Length)]);
        return sb.ToString();
    }

    [Fact]
    public void An_8_MB_string_value_decrypts_to_exactly_the_same_string()
    {
        var value = new StringValue(Text(8 * 1024 * 1024, 1));
        using var cipher = new ValueCipher(Key);
        var stored = cipher.Encrypt(value, "big:");
        Assert.StartsWith("ENC[AES256_GCM,data:", stored, StringComparison.Ordinal);
        Assert.EndsWith(",type:str]", stored, StringComparison.Ordinal);
        Assert.True(cipher.TryDecrypt(stored, "big:", null, out var back, out var error), error);
        Assert.Equal(value, back);
        Assert.False(cipher.TryDecrypt(stored, "other:", null, out _, out _));
    }

    [Fact]
    public void A_large_bytes_value_round_trips_and_its_stored_form_is_standard_base64_of_the_ciphertext()
    {
        var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 1);
        bytes[0] = 0xFF; // not UTF-8: comes back as bytes
        using var cipher = new ValueCipher(Key);
        var stored = cipher.Encrypt(new BytesValue(bytes), "data:");
        Assert.True(EncryptedValue.TryParse(stored, out var parsed, out var parseError), parseError);
        Assert.Equal(bytes.Length, parsed.Data.Length);
        Assert.Equal(32, parsed.Iv.Length);
        Assert.Equal(16, parsed.Tag.Length);
        Assert.True(cipher.TryDecrypt(stored, "data:", null, out var back, out var error), error);
        Assert.Equal(new BytesValue(bytes), back);
    }

    [Fact]
    public void A_large_value_with_lone_surrogates_across_pieces_decrypts_to_what_its_utf8_says()
    {
        // Lone high and low surrogates and pairs at and around every 48 K piece boundary: encrypted a piece at a time, the
        // plaintext is the UTF-8 Encoding.UTF8 gives for the whole string (a lone surrogate as U+FFFD), as for small values.
        var chars = new char[2 * 1024 * 1024];
        var random = new Random(9);
        char[] alphabet = ['a', 'é', '€', '\uD83D', '\uDD10'];
        for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[random.Next(alphabet.Length)];
        var text = new string(chars);
        using var cipher = new ValueCipher(Key);
        var stored = cipher.Encrypt(new StringValue(text), "big:");
        Assert.True(cipher.TryDecrypt(stored, "big:", null, out var back, out var error), error);
        Assert.Equal(new StringValue(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text))), back);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), EncryptedValue.TryParse(stored, out var parsed, out _) ? parsed.Data.Length : -1);
    }

    [Fact]
    public void Encrypting_and_decrypting_a_large_value_allocates_about_one_buffer_and_the_result()
    {
        const int size = 4 * 1024 * 1024;
        var value = new StringValue(new string('x', size));
        using var cipher = new ValueCipher(Key);
        cipher.Encrypt(new StringValue("warm"), "big:");
        cipher.TryDecrypt(cipher.Encrypt(new StringValue("warm"), "big:"), "big:", null, out _, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var stored = cipher.Encrypt(value, "big:");
        var encrypting = GC.GetAllocatedBytesForCurrentThread() - before;
        // The stored string (4/3 · size chars, 2 bytes each) and fixed buffers: the value is encrypted a piece at a time
        // into it. Before, a plaintext and a ciphertext buffer and a char array of the string came first (6.7 · size in all).
        Assert.InRange(encrypting, (long)(size * 2.6), (long)(size * 2.8));

        before = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(cipher.TryDecrypt(stored, "big:", null, out var back, out _));
        var decrypting = GC.GetAllocatedBytesForCurrentThread() - before;
        // One buffer of the value's size (decoded and decrypted in place, let go afterwards) and the value's string (2 · size);
        // before, a ciphertext buffer too.
        Assert.InRange(decrypting, 3L * size, (long)(size * 3.5));
        Assert.Equal(value, back);
    }
}
