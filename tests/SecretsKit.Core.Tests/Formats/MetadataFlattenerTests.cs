using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Tree;
using static SecretsKit.Core.Tests.Formats.FormatFixtures;
using static SecretsKit.Core.Tests.Tree.TreeBuilder;

namespace SecretsKit.Core.Tests.Formats;

public sealed class MetadataFlattenerTests
{
    private static readonly TreeBranch Nested = Map(
        I("age", new Sequence([])),
        I("key_groups", new Sequence([
            Map(I("pgp", new Sequence([Map(I("created_at", "t0"), I("enc", "E0"), I("fp", "F0"))])), I("hc_vault", new Sequence([]))),
            Map(I("age", new Sequence([Map(I("enc", "A\n"), I("recipient", "age1r")), Map(I("enc", "B\n"), I("recipient", "age1s"))]))),
        ])),
        I("kms", new Sequence([Map(I("arn", "arn:x"), I("aws_profile", ""), I("context", Map(I("Role", "web"), I("app", "a"))))])),
        I("gcp_kms", NullValue.Instance),
        I("lastmodified", "2026-01-01T00:00:00Z"),
        I("mac_only_encrypted", new BoolValue(true)),
        I("shamir_threshold", new IntValue(2)),
        I("empty_map", TreeBranch.Empty));

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
        var expected = Map(
            I("key_groups", new Sequence([Map(Map(keyGroups[0]).Items[0]), keyGroups[1]])),
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
        Assert.Equal(Map(I("fp", "first")), pgp[0]);
        Assert.Equal(Map(I("fp", "second"), I("enc", "e1")), pgp[1]);
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
