using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Yaml;

namespace SecretsKit.Core.Tests.Formats.Yaml;

public sealed class YamlErrorTests
{
    private const string Secret = "s3cr3t-v4lue";

    private static SecretsKitException PlainError(string input)
    {
        var ex = Assert.ThrowsAny<SecretsKitException>(() => new YamlFormat().ParsePlain(Encoding.UTF8.GetBytes(input)));
        Assert.Equal(ExitCodes.CouldNotReadInputFile, ex.ExitCode);
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", ex.Message, StringComparison.Ordinal); // no stack trace text
        Assert.DoesNotContain("Exception", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        return ex;
    }

    [Fact]
    public void Truncated_flow_sequence_fails_with_its_position()
    {
        var ex = PlainError($"password: {Secret}\nlist: [1, 2\n");
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("column", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unterminated_quoted_string_fails()
    {
        var ex = PlainError($"password: \"{Secret}\n");
        Assert.Contains("line", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tab_indentation_fails_with_its_position()
    {
        var ex = PlainError($"password: {Secret}\n\tb: 2\n");
        Assert.Contains("tab", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("line 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_key_in_the_first_document_fails_naming_key_and_lines()
    {
        var ex = PlainError($"password: {Secret}\nother: 1\npassword: {Secret}\n");
        Assert.Contains("mapping key \"password\" already defined at line 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_key_in_a_nested_mapping_of_the_first_document_fails()
    {
        var ex = PlainError($"outer:\n    a: {Secret}\n    a: 2\n");
        Assert.Contains("mapping key \"a\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_key_in_a_later_document_is_kept_as_sops_does()
    {
        var tree = new YamlFormat().ParsePlain(Encoding.UTF8.GetBytes("a: 1\n---\nb: 1\nb: 2\n"));
        Assert.Equal(2, tree.Branches[1].Items.Count);
    }

    [Theory]
    [InlineData("1: x\n", "int")]
    [InlineData("true: x\n", "bool")]
    [InlineData("~: x\n", "nil")]
    [InlineData("2024-01-01: x\n", "time.Time")]
    public void Non_string_key_fails_naming_the_key(string input, string type)
    {
        var ex = PlainError(input);
        Assert.Contains("Only string keys are supported", ex.Message, StringComparison.Ordinal);
        Assert.Contains(type, ex.Message, StringComparison.Ordinal);
        Assert.Contains(input[..input.IndexOf(':', StringComparison.Ordinal)], ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quoted_number_key_is_a_string_key()
    {
        var tree = new YamlFormat().ParsePlain(Encoding.UTF8.GetBytes("\"1\": x\n"));
        Assert.NotNull(tree.Branches[0].Get("1"));
    }

    [Fact]
    public void Scalar_document_fails()
    {
        var ex = PlainError($"{Secret}\n");
        Assert.Contains("YAML documents that are values are not supported", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sequence_document_fails()
    {
        var ex = PlainError($"- {Secret}\n");
        Assert.Contains("YAML documents that are sequences are not supported", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_alias_fails()
    {
        var ex = PlainError("a: *nowhere\n");
        Assert.Contains("nowhere", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_fails()
    {
        var ex = Assert.Throws<MalformedFileException>(() => new YamlFormat().ParsePlain([(byte)'a', (byte)':', (byte)' ', 0xFF]));
        Assert.Equal(ExitCodes.CouldNotReadInputFile, ex.ExitCode);
    }

    [Fact]
    public void Encrypted_parse_of_a_file_without_sops_metadata_fails_with_exit_1_and_an_encrypt_hint()
    {
        var ex = Assert.Throws<MetadataNotFoundException>(() =>
            new YamlFormat().ParseEncrypted(Encoding.UTF8.GetBytes($"password: {Secret}\n")));
        Assert.Equal(ExitCodes.Generic, ex.ExitCode);
        Assert.Equal("sops metadata not found", ex.Message);
        Assert.Contains("encrypt", ex.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Encrypted_parse_of_empty_input_fails_with_metadata_not_found()
    {
        var ex = Assert.Throws<MetadataNotFoundException>(() => new YamlFormat().ParseEncrypted([]));
        Assert.Equal(ExitCodes.Generic, ex.ExitCode);
    }

    [Fact]
    public void Encrypted_parse_takes_metadata_from_the_first_document_only()
    {
        var ex = Assert.Throws<MetadataNotFoundException>(() =>
            new YamlFormat().ParseEncrypted(Encoding.UTF8.GetBytes("a: 1\n---\nb: 2\nsops:\n    version: 3.13.2\n")));
        Assert.Equal(ExitCodes.Generic, ex.ExitCode);
    }

    [Fact]
    public void Encrypted_parse_of_broken_yaml_fails_with_exit_2()
    {
        var ex = Assert.ThrowsAny<SecretsKitException>(() =>
            new YamlFormat().ParseEncrypted(Encoding.UTF8.GetBytes("a: [1\nsops: {}\n")));
        Assert.Equal(ExitCodes.CouldNotReadInputFile, ex.ExitCode);
        Assert.Contains("line 1", ex.Message, StringComparison.Ordinal);
    }
}
