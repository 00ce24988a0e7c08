using SecretsKit.Deploy.Tests.Policy;
using SecretsKit.Deploy.Policy.Provenance;

namespace SecretsKit.Deploy.Tests.Policy.Provenance;

/// <summary>How <see cref="ValueProvenance"/> merges values files in helm's order and which values it counts.</summary>
public sealed class ValueProvenanceTests
{
    [Fact]
    public void A_later_encrypted_file_overrides_a_plain_key_and_its_value_becomes_the_decrypted_one()
    {
        var p = new ValueProvenance();
        p.AddFile("values.yaml", "db:\n  password: placeholder-pass\n  owner: team-shop-owners\n", encrypted: false);
        p.AddFile("secrets.yaml", "db:\n  password: s3cret-from-sops\n", encrypted: true);

        var (value, origin) = Assert.Single(p.Decrypted);
        Assert.Equal("s3cret-from-sops", value);
        Assert.Equal(new ValueOrigin("db.password", "secrets.yaml", true), origin);
        // the overridden placeholder is no final value any more; the owner, untouched, still is (plain)
        Assert.Null(p.PlainOrigin("placeholder-pass"));
        Assert.Equal(new ValueOrigin("db.owner", "values.yaml", false), p.PlainOrigin("team-shop-owners"));
    }

    [Fact]
    public void Short_values_numbers_booleans_and_values_also_written_in_plain_files_are_not_counted()
    {
        var p = new ValueProvenance();
        p.AddFile("values.yaml", "user: shop-owner\n", encrypted: false);
        p.AddFile("secrets.yaml", "enabled: true\nport: 8080\nlong: 12345678\npin: abc\nalias: shop-owner\nkey: real-secret-value\n", encrypted: true);

        Assert.Equal(["real-secret-value"], p.Decrypted.Select(d => d.Value));
    }

    [Fact]
    public void Null_deletes_a_key_lists_are_replaced_whole_and_a_rendered_file_copying_a_secret_does_not_make_it_plain()
    {
        var p = new ValueProvenance();
        p.AddFile("a.yaml", "tokens: [first-token-value, second-token-value]\nold: obsolete-value-1\n", encrypted: true);
        p.AddFile("b.yaml", "tokens: [third-token-value]\nold: null\n", encrypted: true);
        p.AddFile("api.yaml.gotmpl", "env:\n  TOKEN: third-token-value\n", encrypted: false, rendered: true);

        var (value, origin) = Assert.Single(p.Decrypted);
        Assert.Equal("third-token-value", value);
        Assert.Equal("tokens[0]", origin.Key);
        Assert.Null(p.PlainOrigin("third-token-value"));
    }

    [Fact]
    public void Resolved_refs_in_a_plain_file_and_included_state_values_count_as_secrets_with_their_keys()
    {
        var state = new ValueProvenance();
        state.AddFile("environments/prod/secrets.yaml", "database:\n  password: state-level-secret\n", encrypted: true);
        var release = new ValueProvenance();
        release.AddFile("values.yaml", "vault:\n  token: resolved-from-vault\n  role: shop-vault-role\n", encrypted: false,
            resolvedRefs: new HashSet<string> { "resolved-from-vault" });
        release.AddValue("smtp.password", "set-from-a-ref", "set smtp.password (ref+)", encrypted: true);
        var all = new ValueProvenance();
        all.Include(state);
        all.Include(release);

        Assert.Equal(
            ["database.password (environments/prod/secrets.yaml)", "smtp.password (set smtp.password (ref+))", "vault.token (values.yaml (ref+))"],
            all.Decrypted.Select(d => $"{d.Origin.Key} ({d.Origin.Source})").Order(StringComparer.Ordinal));
        Assert.Equal("vault.role", all.PlainOrigin("shop-vault-role")?.Key);
    }

    [Fact]
    public void Text_that_is_not_a_yaml_mapping_adds_nothing()
    {
        var p = new ValueProvenance();
        p.AddFile("broken.yaml", "a: [unclosed\n", encrypted: true);
        p.AddFile("list.yaml", "- just-a-list-item\n", encrypted: true);
        Assert.True(p.IsEmpty);
        Assert.Empty(p.Decrypted);
    }
}
