using System.Security.Cryptography;
using System.Text;
using SecretsKit.Core.Crypto;
using SecretsKit.Core.Tree;

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
        // The plaintext buffer (size bytes) plus the stored string (4/3 · size chars, 2 bytes each); before, the ciphertext
        // had its own buffer and the stored string was built in a char array first (6.7 · size in all).
        Assert.InRange(encrypting, size, (long)(size * 4.0));

        before = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(cipher.TryDecrypt(stored, "big:", null, out var back, out _));
        var decrypting = GC.GetAllocatedBytesForCurrentThread() - before;
        // The value's string (2 · size) and nothing of the value's size besides (the buffer is reused, decrypted in place).
        Assert.InRange(decrypting, 2L * size, (long)(size * 2.5));
        Assert.Equal(value, back);
    }
}
