using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Binary;
using SecretsKit.Core.Tree;
using static SecretsKit.Core.Tests.Formats.FormatFixtures;
using static SecretsKit.Core.Tests.Tree.TreeBuilder;

namespace SecretsKit.Core.Tests.Formats.Binary;

public sealed class BinaryFormatTests
{
    private readonly BinaryFormat _binary = new();

    [Fact]
    public void Plain_bytes_survive_parse_and_emit_exactly_even_when_not_utf8()
    {
        var input = new byte[] { 0x00, 0xFF, 0xFE, (byte)'\n', 0xC3, 0x28, (byte)'x' };
        var tree = _binary.ParsePlain(input);
        var item = Assert.Single(tree.Branches[0].Items);
        Assert.Equal("data", item.Key);
        Assert.Equal(input, Assert.IsType<BytesValue>(item.Value).Value);
        Assert.Equal(input, _binary.EmitPlain(tree));
    }

    [Fact]
    public void Emit_plain_writes_a_string_data_value_without_adding_a_newline()
    {
        Assert.Equal("binary_value\n", FromUtf8(_binary.EmitPlain(Doc(I("data", "binary_value\n")))));
        Assert.Empty(_binary.EmitPlain(_binary.ParsePlain([])));
    }

    [Theory]
    [InlineData("sops-example-binary.enc.json", "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4")]
    [InlineData("sopsnix-secrets-binary.enc.json", "7FB89715AADA920D65D25E63F9BA9DEBD03F57C0")]
    public void Encrypted_binary_fixtures_parse_to_data_and_metadata(string name, string firstFingerprint)
    {
        var input = Read(name);
        var doc = _binary.ParseEncrypted(input);
        var item = Assert.Single(doc.Tree.Branches[0].Items);
        Assert.Equal("data", item.Key);
        Assert.StartsWith("ENC[AES256_GCM,data:", Str(item.Value), StringComparison.Ordinal);
        Assert.EndsWith("type:str]", Str(item.Value), StringComparison.Ordinal);
        Assert.Equal(firstFingerprint, Str(Map(Seq(doc.Metadata.Get("pgp")).Items[0]).Get("fp")));
        Assert.Equal("3.5.0", Str(doc.Metadata.Get("version")));
        Assert.Equal([.. input, (byte)'\n'], _binary.EmitEncrypted(doc.Tree, doc.Metadata));
    }

    [Fact]
    public void Encrypted_emit_uses_the_binary_indent_setting()
    {
        var bytes = new BinaryFormat(2).EmitEncrypted(Doc(I("data", "ENC[x]")), Map(I("version", "3.13.2")));
        Assert.Equal("{\n  \"data\": \"ENC[x]\",\n  \"sops\": {\n    \"version\": \"3.13.2\"\n  }\n}\n", FromUtf8(bytes));
    }

    [Fact]
    public void Emit_plain_without_string_data_fails_with_exit_4()
    {
        Assert.Equal(ExitCodes.ErrorDumpingTree,
            Assert.Throws<SecretsKitException>(() => _binary.EmitPlain(Doc(I("other", "x")))).ExitCode);
        Assert.Equal(ExitCodes.ErrorDumpingTree,
            Assert.Throws<SecretsKitException>(() => _binary.EmitPlain(Doc(I("data", new IntValue(1))))).ExitCode);
        Assert.Equal(ExitCodes.ErrorDumpingTree,
            Assert.Throws<SecretsKitException>(() => _binary.EmitValue(new StringValue("x"))).ExitCode);
    }

    [Fact]
    public void Example_is_the_sops_welcome_text()
    {
        Assert.Equal("Welcome to SOPS! Edit this file as you please!", FromUtf8(_binary.EmitPlain(_binary.ExampleTree)));
    }
}
