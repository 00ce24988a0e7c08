using System.Text.Json;
using SecretsKit.Core.Crypto;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Tests.Crypto.Support;
using SecretsKit.Core.Tree;
using static SecretsKit.Core.Tests.Tree.TreeBuilder;
using SecretsKit.Core.Encryption;

namespace SecretsKit.Core.Tests.Crypto;

/// <summary>Decrypts files written by real sops binaries, with data keys unwrapped by real gpg and age.</summary>
public sealed class FixtureDecryptTests(FixtureKeys keys) : IClassFixture<FixtureKeys>
{
    private static readonly CryptRules SopsDefault = new(UnencryptedSuffix: "_unencrypted");

    [Fact]
    public void Sops_example_json_decrypts_to_expected_content_and_its_mac_verifies()
    {
        using var doc = JsonDocument.Parse(FixtureFiles.Read("sops-example.enc.json"));
        var sops = doc.RootElement.GetProperty("sops");
        var dataKey = keys.Pgp(sops.GetProperty("pgp")[0].GetProperty("enc").GetString()!);
        Assert.Equal(32, dataKey.Length);
        var encrypted = JsonTree.Data(doc.RootElement);

        var result = TreeCipher.Decrypt(encrypted, dataKey, SopsDefault, macOnlyEncrypted: false);

        JsonTree.AssertMatches(JsonTree.ExpectedContent("sops-example.enc.json"), result.Tree.Branches[0]);
        Assert.Equal(new FloatValue(25.4), At(result.Tree, "age"));
        var storedMac = TreeCipher.DecryptMac(sops.GetProperty("mac").GetString()!, dataKey, sops.GetProperty("lastmodified").GetString()!);
        Assert.Equal(storedMac, result.MacHex);
    }

    [Fact]
    public void Sops_example_json_re_encrypted_with_the_iv_stash_reproduces_every_stored_value()
    {
        using var doc = JsonDocument.Parse(FixtureFiles.Read("sops-example.enc.json"));
        var dataKey = keys.Pgp(doc.RootElement.GetProperty("sops").GetProperty("pgp")[0].GetProperty("enc").GetString()!);
        var encrypted = JsonTree.Data(doc.RootElement);
        var stash = new IvStash();
        var plain = TreeCipher.Decrypt(encrypted, dataKey, SopsDefault, false, stash);

        var again = TreeCipher.Encrypt(plain.Tree, dataKey, SopsDefault, false, stash);

        Assert.Equal(encrypted, again.Tree);
        Assert.Equal(plain.MacHex, again.MacHex);
    }

    [Theory]
    [InlineData("sops-examples-all-in-one-secret.enc.json")]
    [InlineData("sops-examples-per-file-static-github.enc.json")]
    [InlineData("sopsnix-secrets.enc.json")]
    [InlineData("ft-format.enc.json")]
    [InlineData("sops-example-binary.enc.json")]
    [InlineData("sopsnix-secrets-binary.enc.json")]
    public void Json_and_binary_fixtures_decrypt_to_expected_content_with_matching_mac(string fixture)
    {
        using var doc = JsonDocument.Parse(FixtureFiles.Read(fixture));
        var sops = doc.RootElement.GetProperty("sops");
        var dataKey = keys.Pgp(sops.GetProperty("pgp")[0].GetProperty("enc").GetString()!);

        var result = TreeCipher.Decrypt(JsonTree.Data(doc.RootElement), dataKey, SopsDefault, false);

        JsonTree.AssertMatches(JsonTree.ExpectedContent(fixture), result.Tree.Branches[0]);
        Assert.Equal(TreeCipher.DecryptMac(sops.GetProperty("mac").GetString()!, dataKey, sops.GetProperty("lastmodified").GetString()!), result.MacHex);
    }

    [Fact]
    public void Sops_example_ini_decrypts_section_comment_with_the_section_path_as_aad()
    {
        var (encrypted, sops) = SimpleFixtureTrees.Ini(FixtureFiles.Read("sops-example.enc.ini"));
        var dataKey = keys.Pgp(sops["pgp__list_0__map_enc"]);

        var result = TreeCipher.Decrypt(encrypted, dataKey, SopsDefault, false);

        var name = (TreeBranch)At(result.Tree, "name");
        Assert.Equal(["An example file for use with sops!"], Comments(name));
        Assert.Equal("hi there!", Str(result.Tree, "not private", "notsecret_unencrypted"));
        var withoutComments = new TreeBranch(result.Tree.Branches[0].Items
            .Select(i => i with { Value = new TreeBranch(((TreeBranch)i.Value).Items.Where(x => !x.IsComment).ToList()) }).ToList());
        JsonTree.AssertMatches(JsonTree.ExpectedContent("sops-example.enc.ini"), withoutComments);
        Assert.Equal(TreeCipher.DecryptMac(sops["mac"], dataKey, sops["lastmodified"]), result.MacHex);
    }

    [Fact]
    public void Sopsnix_dotenv_decrypts_values_and_top_level_encrypted_comment_with_aad_colon()
    {
        var (encrypted, sops) = SimpleFixtureTrees.Dotenv(FixtureFiles.Read("sopsnix-secrets.enc.env"));
        var dataKey = keys.Pgp(sops["pgp__list_0__map_enc"]);

        var result = TreeCipher.Decrypt(encrypted, dataKey, SopsDefault, false);

        var branch = result.Tree.Branches[0];
        Assert.Equal([" This is an example file."], Comments(branch));
        JsonTree.AssertMatches(JsonTree.ExpectedContent("sopsnix-secrets.enc.env"),
            new TreeBranch(branch.Items.Where(i => !i.IsComment).ToList()));
        Assert.Equal(TreeCipher.DecryptMac(sops["mac"], dataKey, sops["lastmodified"]), result.MacHex);

        // Re-encrypting with the stash reproduces the encrypted comment byte for byte.
        var stash = new IvStash();
        TreeCipher.Decrypt(encrypted, dataKey, SopsDefault, false, stash);
        Assert.Equal(encrypted, TreeCipher.Encrypt(result.Tree, dataKey, SopsDefault, false, stash).Tree);
    }

    [Theory]
    [InlineData("ft-comments.enc.yaml", true)]
    [InlineData("ft-comments-unencrypted-comments.enc.yaml", false)]
    public void Yaml_comment_fixtures_decrypt_and_verify_their_mac(string fixture, bool commentsEncrypted)
    {
        var text = FixtureFiles.Read(fixture);
        var encrypted = SimpleFixtureTrees.Yaml(text);
        var dataKey = keys.Pgp(SimpleFixtureTrees.ArmoredBlocks(text, "PGP MESSAGE")[0]);
        Assert.Equal(commentsEncrypted, Comments(encrypted.Branches[0]).All(IsEnc));

        var result = TreeCipher.Decrypt(encrypted, dataKey, SopsDefault, false);

        var branch = result.Tree.Branches[0];
        Assert.Equal([" first comment in file", " this-is-a-comment"], Comments(branch));
        JsonTree.AssertMatches(JsonTree.ExpectedContent(fixture), new TreeBranch(branch.Items.Where(i => !i.IsComment).ToList()));
        var mac = TreeCipher.DecryptMac(SimpleFixtureTrees.YamlSopsField(text, "mac"), dataKey, SimpleFixtureTrees.YamlSopsField(text, "lastmodified"));
        Assert.Equal(mac, result.MacHex);
    }

    [Fact]
    public void Sops_example_yaml_decrypts_floats_bools_lists_and_nested_encrypted_comments()
    {
        var text = FixtureFiles.Read("sops-example.enc.yaml");
        var encrypted = YamlEventTree.Data(text);
        var dataKey = keys.Pgp(SimpleFixtureTrees.ArmoredBlocks(text, "PGP MESSAGE")[0]);

        var result = TreeCipher.Decrypt(encrypted, dataKey, SopsDefault, false);

        Assert.Equal(new FloatValue(1234568000.0), At(result.Tree, "number"));
        Assert.Equal(new BoolValue(true), At(result.Tree, "somebooleans", "0"));
        Assert.Equal(new BoolValue(false), At(result.Tree, "somebooleans", "1"));
        var dbComments = Comments((TreeBranch)At(result.Tree, "app2", "db"));
        var nestedComments = Comments((TreeBranch)At(result.Tree, "this", "is", "a", "nested"));
        Assert.Single(dbComments);
        Assert.Equal(3, nestedComments.Count);
        Assert.All(dbComments.Concat(nestedComments), c => Assert.False(IsEnc(c), "comment decrypted with its mapping path as AAD"));
        JsonTree.AssertMatches(JsonTree.ExpectedContent("sops-example.enc.yaml"), StripComments(result.Tree.Branches[0]));
        var mac = TreeCipher.DecryptMac(SimpleFixtureTrees.YamlSopsField(text, "mac"), dataKey, SimpleFixtureTrees.YamlSopsField(text, "lastmodified"));
        Assert.Equal(mac, result.MacHex);

        var stash = new IvStash();
        TreeCipher.Decrypt(encrypted, dataKey, SopsDefault, false, stash);
        Assert.Equal(encrypted, TreeCipher.Encrypt(result.Tree, dataKey, SopsDefault, false, stash).Tree);
    }

    private static TreeNode StripComments(TreeNode node) => node switch
    {
        TreeBranch b => new TreeBranch(b.Items.Where(i => !i.IsComment).Select(i => i with { Value = StripComments(i.Value) }).ToList()),
        Sequence s => new Sequence(s.Items.Where(n => n is not CommentValue).Select(StripComments).ToList()),
        _ => node,
    };

    [Fact]
    public void Synthetic_shamir_fixture_shares_from_real_age_combine_to_the_data_key()
    {
        var text = FixtureFiles.Read("SYNTHETIC-shamir-2of2-age.enc.yaml");
        var blocks = SimpleFixtureTrees.ArmoredBlocks(text, "AGE ENCRYPTED FILE");
        Assert.Equal(2, blocks.Count);
        var share1 = AgeCli.Decrypt(blocks[0], "age-unittest-identity.txt");
        var share2 = AgeCli.Decrypt(blocks[1], "age-unittest-other-identity.txt");
        Assert.Equal(33, share1.Length);
        Assert.Equal(1, share1[32]);
        Assert.Equal(2, share2[32]);

        var dataKey = Shamir.Combine([share1, share2]);
        Assert.Equal(dataKey, Shamir.Combine([share2, share1]));
        Assert.Equal(32, dataKey.Length);

        var encrypted = SimpleFixtureTrees.Yaml(text);
        var result = TreeCipher.Decrypt(encrypted, dataKey, SopsDefault, false);
        JsonTree.AssertMatches(JsonTree.ExpectedContent("SYNTHETIC-shamir-2of2-age.enc.yaml"), result.Tree.Branches[0]);
        Assert.Equal(new IntValue(42), At(result.Tree, "number"));
        Assert.Equal(new BoolValue(true), At(result.Tree, "flag"));
        var mac = TreeCipher.DecryptMac(SimpleFixtureTrees.YamlSopsField(text, "mac"), dataKey, SimpleFixtureTrees.YamlSopsField(text, "lastmodified"));
        Assert.Equal(mac, result.MacHex);

        // A single share is not the key.
        Assert.Throws<ArgumentException>(() => Shamir.Combine([share1]));
    }
}
