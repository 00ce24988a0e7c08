using SecretsKit.Go.Tests;
using System.Text;
using SecretsKit.Go.Hex;
using SecretsKit.Go.Text;

namespace SecretsKit.Go.Tests.Hex;

public sealed class GoHexTests
{
    [Theory]
    [InlineData("68656c6c6F", "hello", null)]
    [InlineData("", "", null)]
    [InlineData("zz", "", "encoding/hex: invalid byte: U+007A 'z'")]
    [InlineData("6g", "", "encoding/hex: invalid byte: U+0067 'g'")]
    [InlineData("686", "h", "encoding/hex: odd length hex string")]
    [InlineData("68z", "h", "encoding/hex: invalid byte: U+007A 'z'")]
    [InlineData("68\n", "h", "encoding/hex: invalid byte: U+000A")]
    public void Decodes_as_Go_encoding_hex_DecodeString(string input, string expected, string? error)
    {
        var (bytes, problem) = GoHex.Decode(Encoding.UTF8.GetBytes(input));
        Assert.Equal(error, problem);
        Assert.Equal(expected, Encoding.UTF8.GetString(bytes));
    }

    [Theory]
    [InlineData("ı", "I", "ı", "I")]
    [InlineData("İ", "İ", "i", "İ")]
    [InlineData("ǆ", "Ǆ", "ǆ", "ǅ")]
    [InlineData("ა", "Ა", "ა", "ა")]
    [InlineData("é", "É", "é", "É")]
    public void Cases_runes_as_Go_unicode_does(string rune, string upper, string lower, string title)
    {
        var r = GoString.Runes(rune).Single();
        Assert.Equal((upper, lower, title), (GoUnicode.ToUpper(r).ToString(), GoUnicode.ToLower(r).ToString(), GoUnicode.ToTitle(r).ToString()));
    }
}
