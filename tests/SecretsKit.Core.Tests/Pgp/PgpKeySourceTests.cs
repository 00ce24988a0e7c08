using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Pgp;

namespace SecretsKit.Core.Tests.Pgp;

public sealed class PgpKeySourceTests
{
    private static readonly PgpKeySource Source = new(KeySourceContext.System);

    [Fact]
    public void Names_match_sops_flags_env_and_config_keys()
    {
        IKeySource source = Source;
        Assert.Equal("pgp", source.KeyType);
        Assert.Equal("pgp", source.CliName);
        Assert.Equal("SOPS_PGP_FP", source.RecipientsEnvironmentVariable);
        Assert.Equal("pgp", source.ConfigRuleKey);
        Assert.Equal("pgp", source.ConfigGroupKey);
    }

    [Fact]
    public void Registers_once_in_the_registry_under_pgp()
    {
        var registry = new KeySourceRegistry().Register(Source);

        Assert.Same(Source, registry.Get("pgp"));
    }

    [Fact]
    public void Parse_keeps_trailing_exact_key_marker()
    {
        var key = Source.Parse(" FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4! ", KeyParseOptions.None);

        Assert.Equal("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4!", key.Identifier);
        Assert.Equal("3D16CEE4A27381B4", PgpFingerprint.LongKeyId(key.Identifier));
    }

    [Fact]
    public void Parse_rejects_empty_fingerprint()
    {
        var e = Assert.Throws<SecretsKitException>(() => Source.Parse("  ", KeyParseOptions.None));

        Assert.Equal(ExitCodes.Generic, e.ExitCode);
    }

    [Fact]
    public void FromEntry_uses_fp_and_rejects_entry_without_one()
    {
        var key = Source.FromEntry(new MasterKeyEntry("pgp", new Dictionary<string, string> { ["fp"] = "D7229043384BCC60326C6FB9D8720D957C3D3074" }));

        Assert.Equal("D7229043384BCC60326C6FB9D8720D957C3D3074", key.Identifier);
        Assert.Throws<MalformedFileException>(() => Source.FromEntry(new MasterKeyEntry("pgp", new Dictionary<string, string>())));
    }

    [Fact]
    public void FromConfigObject_is_rejected_with_a_hint()
    {
        var e = Assert.Throws<SecretsKitException>(() => Source.FromConfigObject(new Dictionary<string, string>(), null));

        Assert.NotNull(e.Hint);
    }
}
