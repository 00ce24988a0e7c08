using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Tests.Http;

public sealed class SecretJsonTests
{
    private static readonly JsonNode Secret = JsonNode.Parse("""{"db":{"user":"app","port":5432},"flat.key":{"x":"1"}}""")!;

    [Fact]
    public void Map_of_the_whole_secret_or_of_a_dotted_property()
    {
        var whole = SecretJson.MapAt("vault", "app", Secret, null);
        var nested = SecretJson.MapAt("vault", "app", Secret, "db");
        var literal = SecretJson.MapAt("vault", "app", Secret, "flat.key");

        Assert.Equal(["db", "flat.key"], whole.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("app", Encoding.UTF8.GetString(nested["user"]));
        Assert.Equal("5432", Encoding.UTF8.GetString(nested["port"]));
        Assert.Equal("1", Encoding.UTF8.GetString(literal["x"]));
    }

    [Fact]
    public void A_missing_property_names_provider_key_and_property_and_a_scalar_is_no_map()
    {
        var missing = Assert.Throws<SecretNotFoundException>(() => SecretJson.MapAt("vault", "app", Secret, "db.password"));
        var scalar = Assert.Throws<SecretsKitException>(() => SecretJson.MapAt("vault", "app", Secret, "db.user"));

        Assert.Contains("property 'db.password' does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Contains("app", missing.Message, StringComparison.Ordinal);
        Assert.Contains("not a JSON object", scalar.Message, StringComparison.Ordinal);
    }
}
