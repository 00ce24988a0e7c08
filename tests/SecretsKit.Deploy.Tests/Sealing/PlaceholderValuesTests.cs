using SecretsKit.Deploy.Sealing;

namespace SecretsKit.Deploy.Tests.Sealing;

/// <summary>
/// A values file with placeholders: every string and number of a decrypted file (booleans and nulls stay), only the
/// decrypted values of another file; placeholders keyed (the same value under two keys or two release keys differs) and
/// stable for the same key.
/// </summary>
public sealed class PlaceholderValuesTests
{
    private static PlaceholderKey KeyOf(byte fill) => PlaceholderKey.ForRelease("team/web", [new("secrets.yaml", Enumerable.Repeat(fill, 32).ToArray())]);

    [Fact]
    public void A_decrypted_file_gets_a_placeholder_for_every_string_and_number_and_keeps_booleans_and_nulls()
    {
        var table = new PlaceholderTable();

        var text = PlaceholderValues.Rewrite("db:\n  password: hunter2\n  port: 5432\n  tls: true\n  extra: null\nhosts:\n  - a.example\n", decrypted: true,
            new HashSet<string>(), KeyOf(1), table)!;

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("5432", text, StringComparison.Ordinal);
        Assert.Contains("tls: true", text, StringComparison.Ordinal);
        Assert.Contains("extra: null", text, StringComparison.Ordinal);
        Assert.Equal(["db.password", "db.port", "hosts[0]"], table.Entries.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.All(table.Entries, e => Assert.True(Placeholder.Is(e.Placeholder)));
        Assert.Contains(table.Entries, e => e.Key == "db.port" && e.Value == "5432");
    }

    [Fact]
    public void Another_file_gets_placeholders_only_for_the_decrypted_values_it_holds()
    {
        var table = new PlaceholderTable();

        var text = PlaceholderValues.Rewrite("url: https://db.example\ncopied: from-an-env-secret\n", decrypted: false,
            new HashSet<string> { "from-an-env-secret" }, KeyOf(1), table);
        var untouched = PlaceholderValues.Rewrite("url: https://db.example\n", decrypted: false, new HashSet<string> { "x-secret" }, KeyOf(1), table);

        Assert.Contains("url: https://db.example", text, StringComparison.Ordinal);
        Assert.DoesNotContain("from-an-env-secret", text, StringComparison.Ordinal);
        Assert.Null(untouched);
        Assert.Equal("copied", Assert.Single(table.Entries).Key);
    }

    [Fact]
    public void Placeholders_are_keyed_digests_stable_for_one_key_and_different_for_another_key_or_values_key()
    {
        Assert.Equal(KeyOf(1).Make("a", "v"), KeyOf(1).Make("a", "v"));
        Assert.NotEqual(KeyOf(1).Make("a", "v"), KeyOf(2).Make("a", "v"));
        Assert.NotEqual(KeyOf(1).Make("a", "v"), KeyOf(1).Make("b", "v"));
        Assert.NotEqual(KeyOf(1).Make("a", "v"), KeyOf(1).Make("a", "w"));
        var noFile = PlaceholderKey.ForRelease("team/web", []);
        Assert.False(noFile.Stable);
        Assert.NotEqual(noFile.Make("a", "v"), PlaceholderKey.ForRelease("team/web", []).Make("a", "v"));
    }
}
