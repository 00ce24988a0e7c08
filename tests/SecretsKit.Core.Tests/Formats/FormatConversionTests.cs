using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Dotenv;
using SecretsKit.Core.Formats.Ini;
using SecretsKit.Core.Formats.Json;
using SecretsKit.Core.Tree;
using static SecretsKit.Core.Tests.Formats.FormatFixtures;
using static SecretsKit.Core.Tests.Tree.TreeBuilder;

namespace SecretsKit.Core.Tests.Formats;

/// <summary>Metadata read from one format survives being written to and read from the flat formats.</summary>
public sealed class FormatConversionTests
{
    private static TreeBranch WithoutNulls(TreeBranch b) =>
        new(b.Items.Where(i => i.Value is not NullValue).ToList());

    public static TheoryData<string> FlatFormats => ["ini", "dotenv"];

    [Theory]
    [MemberData(nameof(FlatFormats))]
    public void Json_fixture_metadata_round_trips_through_flat_formats(string name)
    {
        IFormat flat = name == "ini" ? new IniFormat() : new DotenvFormat();
        var json = new JsonFormat().ParseEncrypted(Read("sops-example.enc.json"));
        var data = name == "ini"
            ? Doc(I("secrets", Map(I("firstName", Str(json.Tree.Branches[0].Get("firstName"))))))
            : Doc(I("firstName", Str(json.Tree.Branches[0].Get("firstName"))));

        var back = flat.ParseEncrypted(flat.EmitEncrypted(data, json.Metadata));

        var expected = WithoutNulls(json.Metadata);
        if (name == "dotenv")
        {
            // dotenv writes the flattened keys sorted; compare as sets of top-level items.
            Assert.Equal(expected.Items.OrderBy(i => i.Key, StringComparer.Ordinal), back.Metadata.Items.OrderBy(i => i.Key, StringComparer.Ordinal));
        }
        else
        {
            Assert.Equal(expected, back.Metadata);
        }
    }

    [Fact]
    public void Nested_json_data_cannot_become_dotenv_exit_4()
    {
        var json = new JsonFormat().ParseEncrypted(Read("sops-example.enc.json"));
        var ex = Assert.Throws<SecretsKitException>(() => new DotenvFormat().EmitPlain(json.Tree));
        Assert.Equal(ExitCodes.ErrorDumpingTree, ex.ExitCode);
        Assert.Contains("'address'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ini_data_converts_to_json_with_the_default_section_like_sops()
    {
        var ini = new IniFormat().ParsePlain(Utf8("[foo]\nbar = baz\n"));
        Assert.Equal("{\n\t\"DEFAULT\": {},\n\t\"foo\": {\n\t\t\"bar\": \"baz\"\n\t}\n}\n", FromUtf8(new JsonFormat().EmitPlain(ini)));
    }
}
