using System.Text;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Tests.Providers;

/// <summary>ESO's value rules (gjson property selection, the json.RawMessage map loop), the one copy every provider uses.</summary>
public sealed class ProviderValuesTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes(
        """{"db":{"user":"app","port":5432,"ratio":1.50,"big":1e21},"flat.key":{"x":"1"},"items":[{"name":"a"},{"name":"b"}],"none":null,"ok":true,"obj":{"b": 1, "a": "é"}}""");

    private static string Select(string property) => Encoding.UTF8.GetString(ProviderValues.Select("p", "k", Secret, property));

    [Fact]
    public void A_property_is_an_exact_key_first_then_a_dotted_path_through_objects_and_array_indices()
    {
        Assert.Equal("app", Select("db.user"));
        Assert.Equal("""{"x":"1"}""", Select("flat.key"));
        Assert.Equal("b", Select("items.1.name"));
        Assert.Throws<SecretNotFoundException>(() => Select("items.2.name"));
        Assert.Throws<SecretNotFoundException>(() => Select("db.password"));
    }

    [Fact]
    public void A_selected_value_reads_as_gjson_String_null_empty_numbers_as_Go_writes_them_objects_as_their_text()
    {
        Assert.Equal("", Select("none"));
        Assert.Equal("true", Select("ok"));
        Assert.Equal("5432", Select("db.port"));
        Assert.Equal("1.5", Select("db.ratio"));
        Assert.Equal("1000000000000000000000", Select("db.big"));
        Assert.Equal("""{"b": 1, "a": "é"}""", Select("obj"));
    }

    [Fact]
    public void A_map_reads_strings_raw_and_every_other_value_as_its_JSON_text_null_included()
    {
        var map = ProviderValues.ToMap("p", "k", Secret);
        Assert.Equal("null", Encoding.UTF8.GetString(map["none"]));
        Assert.Equal("""[{"name":"a"},{"name":"b"}]""", Encoding.UTF8.GetString(map["items"]));
        var nested = ProviderValues.MapAt("p", "k", Secret, "db");
        Assert.Equal("app", Encoding.UTF8.GetString(nested["user"]));
        Assert.Equal("1.50", Encoding.UTF8.GetString(nested["ratio"]));
        Assert.Equal("1", Encoding.UTF8.GetString(ProviderValues.MapAt("p", "k", Secret, "flat.key")["x"]));
    }

    [Fact]
    public void A_value_that_is_not_JSON_or_not_an_object_is_an_error_not_a_missing_secret()
    {
        var notJson = "plain text"u8.ToArray();
        var select = Assert.Throws<SecretsKitException>(() => ProviderValues.Select("p", "k", notJson, "a"));
        var map = Assert.Throws<SecretsKitException>(() => ProviderValues.ToMap("p", "k", notJson));
        var scalar = Assert.Throws<SecretsKitException>(() => ProviderValues.MapAt("p", "k", Secret, "db.user"));

        Assert.IsNotType<SecretNotFoundException>(select);
        Assert.IsNotType<SecretNotFoundException>(map);
        Assert.Contains("secret 'k' is not JSON", select.Message, StringComparison.Ordinal);
        Assert.Contains("not a JSON object", scalar.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("plain text", map.Message, StringComparison.Ordinal);
    }
}
