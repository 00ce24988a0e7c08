using System.Globalization;
using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Tests.Formats.Yaml;

/// <summary>
/// The encrypted-value fast path of the YAML reader: values folded to markers before YamlDotNet reads the text must
/// read back exactly as the original text reads, whatever YAML surrounds them (or the reader falls back to the original).
/// </summary>
public sealed class YamlFoldedValuesTests
{
    private const string Enc = "ENC[AES256_GCM,data:aIj/0l0k1kJBlstFmVV5CffK7xavaahf,iv:1OV2v6eDna7xhz7EY06i09It7whxuhroInZvuQ1FsvY=,tag:a2FB995b2SYk6MqkVppIdA==,type:str]";
    private const string Enc2 = "ENC[AES256_GCM,data:g5+D+Ls+dsJfApYtoSBga23p,iv:Dk7oK+RrHQb7wyY0jJ/kq9H569+qRD02wyWeLr40U1w=,tag:vaLoVUi9xCRCrgaf4NBM4g==,type:int]";

    public static TheoryData<string> Documents() => new()
    {
        $"a: {Enc}\nb:\n    c: {Enc2}\nlist:\n    - {Enc}\n    - plain\n    - {Enc2}\n",
        $"#ENC[AES256_GCM,data:x,iv:y,tag:z,type:comment]\na: {Enc}\n# head\nb: {Enc2}\n",
        $"a: {Enc}\r\nb: {Enc2}\r\n",
        $"a: {Enc}",
        $"a: {Enc}\n    continued plain\nb: {Enc2}\n",
        $"a: \"quoted start\n  b: {Enc}\n  end\"\nc: {Enc2}\n",
        $"a: |\n    b: {Enc}\nc: {Enc2}\n",
        $"a: b # c: {Enc}\nd: {Enc2}\n",
        $"a: !!str {Enc}\nb: &x {Enc2}\nc: *x\n",
        $"a: {Enc}\n---\nb: {Enc2}\n",
        $"a: {Enc}   \nb: {Enc2}]\n",
        $"a: x\uE000y\nb: {Enc}\n",
        $"a: {Enc.Replace(",iv:", ", iv:", StringComparison.Ordinal)}\n",
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Reading_with_folded_values_equals_reading_the_original(string yaml)
    {
        var expected = YamlTreeReader.ReadUnfolded(yaml);

        var actual = YamlTreeReader.ReadFolded(yaml) ?? YamlTreeReader.ReadUnfolded(yaml);

        AssertSame(expected, actual);
    }

    [Fact]
    public void A_big_encrypted_file_is_read_folded_and_equals_the_original()
    {
        var yaml = new StringBuilder("# big\n");
        for (var i = 0; i < 600; i++) yaml.Append(CultureInfo.InvariantCulture, $"section{i}:\n    a: {Enc}\n    list:\n        - {Enc2}\n        - plain\n");
        var text = yaml.ToString();

        var folded = YamlTreeReader.ReadFolded(text);

        Assert.NotNull(folded);
        AssertSame(YamlTreeReader.ReadUnfolded(text), folded);
        AssertSame(folded, YamlTreeReader.Read(text));
    }

    [Fact]
    public void A_one_value_file_is_read_folded_too()
    {
        Assert.Equal(1, YamlFoldedValues.TryFold($"a: {Enc}\n")!.Count);
        var folded = YamlTreeReader.ReadFolded($"a: {Enc}\n");
        Assert.NotNull(folded);
        AssertSame(YamlTreeReader.ReadUnfolded($"a: {Enc}\n"), folded);
    }

    private static readonly string Long = string.Concat(Enumerable.Repeat("abcdefghij", 7000));
    private static readonly string LongDigits = "1" + new string('0', 70_000);

    public static TheoryData<string> LongPlainDocuments() => new()
    {
        $"a: {Long}\n",
        $"a: {Long}",
        $"a: {Long}\r\nb: 1\r\n",
        $"list:\n    - {Long}\n    - x\n",
        $"a: {LongDigits}\nb: 0x{LongDigits}\nc: {LongDigits}.5\n",
        $"a: {Long}\n    continued plain\nb: {Long}\n",
        $"a: |\n    b: {Long}\nc: x\n",
        $"a: b # c: {Long}\nd: {Long}\n",
        $"a: \"quoted start\n  b: {Long}\n  end\"\n",
        $"a: !!str {Long}\nb: &x {Long}\nc: *x\n",
        $"a: {Long}\n---\nb: {Enc}\nc: {Long}\n",
        $"a: {{b: x,\n  c: {Long}}}\n",
    };

    [Theory]
    [MemberData(nameof(LongPlainDocuments))]
    public void A_long_plaintext_value_read_folded_equals_reading_the_original(string yaml)
    {
        var expected = YamlTreeReader.ReadUnfolded(yaml);

        AssertSame(expected, YamlTreeReader.ReadFolded(yaml) ?? YamlTreeReader.ReadUnfolded(yaml));
        AssertSame(expected, YamlTreeReader.Read(yaml));
    }

    [Fact]
    public void A_long_plaintext_value_is_folded()
    {
        Assert.Equal(2, YamlFoldedValues.TryFold($"a: {Long}\nb: short\nc: {Enc}\n")!.Count);
        Assert.Null(YamlFoldedValues.TryFold($"a: {Long}:\n"));
        Assert.Null(YamlFoldedValues.TryFold($"a: -{Long}\n"));
        Assert.Null(YamlFoldedValues.TryFold($"a: {Long[..1000]}\n"));
    }

    private static void AssertSame(IReadOnlyList<TreeBranch> expected, IReadOnlyList<TreeBranch> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i], actual[i]);
    }

    [Theory]
    [InlineData($"a: {Enc}\n    continued plain\nb: {Enc2}\n")]
    [InlineData($"a: \"quoted start\n  b: {Enc}\n  end\"\nc: {Enc2}\n")]
    [InlineData($"a: |\n    b: {Enc}\nc: {Enc2}\n")]
    [InlineData($"a: b # c: {Enc}\nd: {Enc2}\n")]
    public void A_marker_inside_another_scalar_or_a_comment_falls_back_to_the_original_text(string yaml)
    {
        Assert.NotNull(YamlFoldedValues.TryFold(yaml));

        Assert.Null(YamlTreeReader.ReadFolded(yaml));
    }

    [Fact]
    public void Folded_values_come_back_as_the_original_strings()
    {
        var branch = Assert.Single(YamlTreeReader.ReadFolded($"a: {Enc}\nlist:\n    - {Enc2}\n") ?? throw new Xunit.Sdk.XunitException("not read folded"));

        Assert.Equal(new StringValue(Enc), branch.Get("a"));
        Assert.Equal(new Sequence([new StringValue(Enc2)]), branch.Get("list"));
    }

    public static TheoryData<string> Malformed() => new()
    {
        $"a: {Enc}\na: {Enc2}\n",
        $"a: {Enc}\n  b: c: d\n",
        $"a: {Enc}\nb: [1, 2\n",
        $"- {Enc}\n",
        // In a flow collection the commas and brackets of the value split it: the original is an error, and so is the folded text.
        $"a: {{b: {Enc}\n}}\nc: {Enc2}\n",
        $"a: [\n  - {Enc}\n]\n",
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_text_is_never_read_folded_so_errors_come_from_the_original_text(string yaml)
    {
        Assert.NotNull(YamlFoldedValues.TryFold(yaml));

        Assert.Null(YamlTreeReader.ReadFolded(yaml));
        var ex = Assert.ThrowsAny<SecretsKitException>(() => YamlTreeReader.ReadUnfolded(yaml));
        Assert.Equal(ExitCodes.CouldNotReadInputFile, ex.ExitCode);
    }

    [Fact]
    public void Only_values_that_end_their_line_after_a_key_or_dash_are_folded()
    {
        var folded = YamlFoldedValues.TryFold($"a: {Enc}\n- {Enc2}\nb: x{Enc}\nc: '{Enc}'\nd: {Enc} # c\ne: {Enc}");

        Assert.NotNull(folded);
        Assert.Equal(3, folded.Count);
        Assert.Equal($"a: \uE0000\n- \uE0001\nb: x{Enc}\nc: '{Enc}'\nd: {Enc} # c\ne: \uE0002", folded.Text);
        Assert.True(folded.TryUnfold("\uE0002", out var value));
        Assert.Equal(Enc, value);
        Assert.False(folded.TryUnfold("\uE00002", out _));
        Assert.False(folded.TryUnfold("\uE0003", out _));
        Assert.False(folded.TryUnfold("\uE000", out _));
        Assert.False(folded.TryUnfold("x\uE0001", out _));
    }

    [Fact]
    public void Text_without_encrypted_values_or_with_a_marker_character_is_not_folded()
    {
        Assert.Null(YamlFoldedValues.TryFold("a: b\nc: ENC[but not this one]\n"));
        Assert.Null(YamlFoldedValues.TryFold($"a: \uE000\nb: {Enc}\n"));
    }

    // An encrypted value the compact form does not take (not ASCII, or over 64 KiB): read ahead as its decoded text.
    private static readonly string NonAscii = Enc.Replace("data:", "data:é", StringComparison.Ordinal);
    private static readonly string Huge = Enc.Replace("data:", "data:" + new string('A', 70_000), StringComparison.Ordinal);

    public static TheoryData<string> ReadAhead() => new()
    {
        $"a: {Enc}\nb: {NonAscii}\nc: {Huge}\n",
        $"a: \"quoted start\n  b: {NonAscii}\n  end\"\nc: {Enc2}\n",
        $"a: [x, y]\nb: {Huge}\n",
        $"a: {Enc}\n    continued plain\nb: {NonAscii}\n",
        $"a: {Enc}\nb: {Enc}\n",
    };

    [Theory]
    [MemberData(nameof(Documents))]
    [MemberData(nameof(ReadAhead))]
    public void Values_read_ahead_give_the_original_text_back_and_read_as_it_does(string yaml)
    {
        // (Some of the documents fold nothing: nothing is read ahead then.)
        if (YamlFoldedValues.TryFold(yaml) is not { } folded) return;

        Assert.True(folded.IsSelfContained);
        Assert.Equal(yaml, folded.OriginalText());
        AssertSame(YamlTreeReader.ReadUnfolded(yaml), YamlTreeReader.Read(folded));
    }

    [Fact]
    public void An_encrypted_file_lets_go_of_its_input_before_it_is_parsed()
    {
        var yaml = $"a: {Enc}\nb:\n    c: {Enc2}\nlist:\n    - {Enc}\n    - {NonAscii}\nsops:\n    version: 3.13.2\n";
        var released = 0;
        var input = new ReleasableInput(Encoding.UTF8.GetBytes(yaml), () => released++);

        var document = new YamlFormat().ParseEncrypted(input);

        Assert.True(input.IsReleased);
        Assert.Equal(1, released);
        Assert.Throws<InvalidOperationException>(() => input.Bytes);
        var expected = Assert.Single(YamlTreeReader.ReadUnfolded(yaml));
        Assert.Equal(expected.Get("sops"), document.Metadata);
        Assert.Equal(new TreeBranch([.. expected.Items.Where(i => i.Key != "sops")]), Assert.Single(document.Tree.Branches));
    }

    [Fact]
    public void A_file_with_a_long_plaintext_value_keeps_its_input()
    {
        // The flow list keeps the file from the fast reader (which lets go of any input it reads): the folded path reads it.
        var yaml = $"a: {Enc}\nb: {Long}\nc: [1]\nsops:\n    version: 3.13.2\n";
        var input = new ReleasableInput(Encoding.UTF8.GetBytes(yaml), () => Assert.Fail("released"));

        var document = new YamlFormat().ParseEncrypted(input);

        Assert.False(input.IsReleased);
        var expected = Assert.Single(YamlTreeReader.ReadUnfolded(yaml));
        Assert.Equal(new TreeBranch([.. expected.Items.Where(i => i.Key != "sops")]), Assert.Single(document.Tree.Branches));
    }
}
