using System.Text;
using SecretsKit.Testing.Webhook;

namespace SecretsKit.Agent.Tests.Providers;

/// <summary>The fake NTLM server's MD4 (<see cref="Md4"/>) against RFC 1320's test suite (appendix A.5).</summary>
public sealed class Md4Tests
{
    [Theory]
    [InlineData("", "31d6cfe0d16ae931b73c59d7e0c089c0")]
    [InlineData("a", "bde52cb31de33e46245e05fbdbd6fb24")]
    [InlineData("abc", "a448017aaf21d8525fc10ae87aa6729d")]
    [InlineData("message digest", "d9130a8164549fe818874806e1c7014b")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", "d79e1c308aa5bbcdeea8ed63df412da9")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "043f8582f241db351ce627e153e7f0e4")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "e33b4ddc9c38f2199c3e7b164fcc0536")]
    public void Md4_matches_the_rfc_1320_test_vectors(string input, string digest) =>
        Assert.Equal(digest, Convert.ToHexStringLower(Md4.Hash(Encoding.ASCII.GetBytes(input))));

    /// <summary>The NT hash of "password" (MD4 of its UTF-16LE bytes), the value every NTLM implementation agrees on.</summary>
    [Fact]
    public void Md4_of_a_utf16_password_is_its_known_nt_hash() =>
        Assert.Equal("8846f7eaee8fb117ad06bdd830b7586c", Convert.ToHexStringLower(Md4.Hash(Encoding.Unicode.GetBytes("password"))));
}
