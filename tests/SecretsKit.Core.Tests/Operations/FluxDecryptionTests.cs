using System.Text;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Operations;

namespace SecretsKit.Core.Tests.Operations;

/// <summary>
/// kustomize-controller v1.9.4's facts as <see cref="FluxDecryption"/> encodes them (tests/peers/flux-decryptor.sh checks
/// them against its source): a v1/Secret with plain apiVersion, kind and metadata and a sops block with a MAC passes;
/// encrypted metadata, no MAC, another kind and more than 5 MiB (5 &lt;&lt; 20 bytes) do not.
/// </summary>
public sealed class FluxDecryptionTests
{
    private const string Sops = "sops:\n    mac: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\n    lastmodified: \"2026-11-28T00:00:00Z\"\n    encrypted_regex: ^(data|stringData)$\n    version: 3.13.2\n";

    private static List<FluxDecryption.Rule> Rules(string yaml, long? size = null)
    {
        var bytes = Encoding.UTF8.GetBytes(yaml);
        return FluxDecryption.Problems(new YamlFormat().ParseEncrypted(bytes), size ?? bytes.Length).Select(p => p.Rule).ToList();
    }

    [Fact]
    public void A_secret_with_plain_metadata_and_a_mac_is_what_flux_decrypts()
    {
        Assert.Empty(Rules("apiVersion: v1\nkind: Secret\nmetadata:\n    name: db\ndata:\n    a: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\n" + Sops));
        Assert.Equal(5L * 1024 * 1024, FluxDecryption.MaxFileSize);
        Assert.Equal("^(data|stringData)$", FluxDecryption.EncryptedRegex);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\nmetadata:\n    name: db\n", FluxDecryption.Rule.EncryptedMetadata)]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata:\n    name: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\n", FluxDecryption.Rule.EncryptedMetadata)]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata:\n    name: cm\n", FluxDecryption.Rule.NotASecret)]
    [InlineData("apiVersion: apps/v1\nkind: Secret\nmetadata:\n    name: db\n", FluxDecryption.Rule.NotASecret)]
    public void What_flux_would_not_decrypt_as_a_secret_is_found(string manifest, FluxDecryption.Rule rule) =>
        Assert.Equal([rule], Rules(manifest + Sops));

    [Fact]
    public void No_mac_and_a_file_over_5_mib_are_found_and_a_values_file_is_not_a_manifest()
    {
        Assert.Equal([FluxDecryption.Rule.NoMac], Rules("apiVersion: v1\nkind: Secret\nmetadata:\n    name: db\nsops:\n    lastmodified: \"2026-11-28T00:00:00Z\"\n"));
        Assert.Equal([FluxDecryption.Rule.Size], Rules("apiVersion: v1\nkind: Secret\nmetadata:\n    name: db\n" + Sops, FluxDecryption.MaxFileSize + 1));
        Assert.Empty(Rules("apiVersion: v1\nkind: Secret\nmetadata:\n    name: db\n" + Sops, FluxDecryption.MaxFileSize));
        Assert.Empty(Rules("password: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\n" + Sops));
    }
}
