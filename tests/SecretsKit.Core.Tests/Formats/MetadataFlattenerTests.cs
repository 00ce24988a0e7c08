using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Tree;
using static SecretsKit.Core.Tests.Formats.FormatFixtures;

namespace SecretsKit.Core.Tests.Formats;

public sealed class MetadataFlattenerTests
{
    private static readonly TreeBranch Nested = Branch(
        Item("age", new Sequence([])),
        Item("key_groups", new Sequence([
            Branch(Item("pgp", new Sequence([Branch(Item("created_at", "t0"), Item("enc", "E0"), Item("fp", "F0"))])), Item("hc_vault", new Sequence([]))),
            Branch(Item("age", new Sequence([Branch(Item("enc", "A\n"), Item("recipient", "age1r")), Branch(Item("enc", "B\n"), Item("recipient", "age1s"))]))),
        ])),
        Item("kms", new Sequence([Branch(Item("arn", "arn:x"), Item("aws_profile", ""), Item("context", Branch(Item("Role", "web"), Item("app", "a"))))])),
        Item("gcp_kms", NullValue.Instance),
        Item("lastmodified", "2026-01-01T00:00:00Z"),
        Item("mac_only_encrypted", new BoolValue(true)),
        Item("shamir_threshold", new IntValue(2)),
        Item("empty_map", TreeBranch.Empty));

    private static readonly string[] ExpectedKeys =
    [
        "key_groups__list_0__map_pgp__list_0__map_created_at",
        "key_groups__list_0__map_pgp__list_0__map_enc",
        "key_groups__list_0__map_pgp__list_0__map_fp",
        "key_groups__list_1__map_age__list_0__map_enc",
        "key_groups__list_1__map_age__list_0__map_recipient",
        "key_groups__list_1__map_age__list_1__map_enc",
        "key_groups__list_1__map_age__list_1__map_recipient",
        "kms__list_0__map_arn",
        "kms__list_0__map_aws_profile",
        "kms__list_0__map_context__map_Role",
        "kms__list_0__map_context__map_app",
        "lastmodified",
        "mac_only_encrypted",
        "shamir_threshold",
    ];

    [Fact]
    public void Flatten_walks_depth_first_and_skips_empty_lists_maps_and_nulls()
    {
        var flat = MetadataFlattener.Flatten(Nested);
        Assert.Equal(ExpectedKeys, flat.Select(p => p.Key));
        Assert.Equal("A\n", flat[3].Value);
        Assert.Equal("", flat[8].Value);
        Assert.Equal("true", flat[12].Value);
        Assert.Equal("2", flat[13].Value);
    }

    [Fact]
    public void Flatten_applies_the_prefix_to_every_key()
    {
        Assert.All(MetadataFlattener.Flatten(Nested, "sops_"), p => Assert.StartsWith("sops_", p.Key, StringComparison.Ordinal));
    }

    [Fact]
    public void Unflatten_inverts_flatten_with_lists_of_maps_and_typed_known_keys()
    {
        var back = MetadataFlattener.Unflatten(MetadataFlattener.Flatten(Nested));
        var keyGroups = Seq(Nested.Get("key_groups")).Items;
        var expected = Branch(
            Item("key_groups", new Sequence([Branch(Map(keyGroups[0]).Items[0]), keyGroups[1]])),
            Nested.Items[2],
            Nested.Items[4],
            Nested.Items[5],
            Nested.Items[6]);
        Assert.Equal(expected, back);
        Assert.IsType<Sequence>(back.Get("key_groups"));
        Assert.IsType<TreeBranch>(Seq(back.Get("key_groups")).Items[1]);
    }

    [Fact]
    public void Unflatten_orders_lists_by_index_whatever_the_input_order()
    {
        var back = MetadataFlattener.Unflatten([
            new("pgp__list_1__map_fp", "second"),
            new("version", "3.7.3"),
            new("pgp__list_0__map_fp", "first"),
            new("pgp__list_1__map_enc", "e1"),
            new("mac_only_encrypted", "false"),
        ]);
        Assert.Equal(["pgp", "version", "mac_only_encrypted"], back.Items.Select(i => i.Key));
        var pgp = Seq(back.Get("pgp")).Items.Select(Map).ToList();
        Assert.Equal(Branch(Item("fp", "first")), pgp[0]);
        Assert.Equal(Branch(Item("fp", "second"), Item("enc", "e1")), pgp[1]);
        Assert.Equal(new BoolValue(false), back.Get("mac_only_encrypted"));
    }

    [Fact]
    public void Unflatten_fills_list_gaps_with_null_and_rejects_absurd_indices()
    {
        var back = MetadataFlattener.Unflatten([new("l__list_2", "x")]);
        Assert.Equal(new Sequence([NullValue.Instance, NullValue.Instance, new StringValue("x")]), back.Get("l"));
        var ex = Assert.Throws<MalformedFileException>(() => MetadataFlattener.Unflatten([new("l__list_99999999", "x")]));
        Assert.Equal(ExitCodes.CouldNotReadInputFile, ex.ExitCode);
    }

    [Fact]
    public void Tokenize_splits_map_and_list_segments()
    {
        Assert.Equal(["kms", 0, "context", "Role"], MetadataFlattener.Tokenize("kms__list_0__map_context__map_Role"));
        Assert.Equal(["lastmodified"], MetadataFlattener.Tokenize("lastmodified"));
    }
}
