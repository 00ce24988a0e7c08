using System.Security.Cryptography;
using SecretsKit.Core.Age;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Age;

namespace SecretsKit.Core.Tests.Age;

/// <summary>
/// Both directions against typage (npm age-encryption 0.3.1, by age's author), the sops data key as the age payload:
/// post-quantum hybrid keys, and tag recipients checked with a software identity for the tag stanza.
/// </summary>
public sealed class TypageInteropTests : IDisposable
{
    private readonly TempDir _home = new();
    private readonly Dictionary<string, string> _vars = new(StringComparer.Ordinal);

    public void Dispose() => _home.Dispose();

    private AgeKeySource Source()
    {
        var env = new MapEnvironment(new Dictionary<string, string>(_vars), _home.Path, _home.Path);
        return new AgeKeySource(new KeySourceContext(env, SystemProcessRunner.Instance, TimeProvider.System),
            new StaticPassphraseReader("unused"));
    }

    private static MasterKeyEntry Entry(string recipient, string enc) =>
        new("age", new Dictionary<string, string> { ["recipient"] = recipient, ["enc"] = enc });

    [Fact]
    public async Task Data_key_wrapped_to_a_typage_hybrid_recipient_opens_in_typage_and_in_secretskit()
    {
        var (identity, recipient) = await Typage.GenerateHybridAsync();
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var entry = await Source().Parse(recipient, KeyParseOptions.None).WrapAsync(dataKey);
        Assert.Contains("-> mlkem768x25519 ", AgeArmorText(entry.Enc), StringComparison.Ordinal);
        Assert.Equal(dataKey, await Typage.DecryptAsync(entry.Enc, identity));
        _vars["SOPS_AGE_KEY"] = identity;
        var result = await Source().FromEntry(entry).UnwrapAsync(entry);
        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(dataKey, result.DataKey);
    }

    [Fact]
    public async Task Data_key_typage_wraps_to_a_secretskit_generated_recipient_opens_in_secretskit()
    {
        var generated = new AgeKeyGenerator(TimeProvider.System).Generate(postQuantum: true);
        Assert.Equal(generated.Recipient, await Typage.RecipientOfAsync(generated.SecretKey));
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var enc = await Typage.EncryptArmoredAsync(dataKey, generated.Recipient);
        _home.Write("keys.txt", generated.KeysFileText);
        _vars["SOPS_AGE_KEY_FILE"] = Path.Combine(_home.Path, "keys.txt");
        var entry = Entry(generated.Recipient, enc);
        var result = await Source().FromEntry(entry).UnwrapAsync(entry);
        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(dataKey, result.DataKey);
    }

    [Fact]
    public async Task Typage_file_for_two_hybrid_recipients_opens_with_either_identity_and_a_wrong_one_is_not_mine()
    {
        var a = HybridIdentity.Generate();
        var b = HybridIdentity.Generate();
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var enc = await Typage.EncryptArmoredAsync(dataKey, a.Recipient.ToString(), b.Recipient.ToString());
        foreach (var id in new[] { a, b }) Assert.Equal(dataKey, AgeDecryptor.Decrypt(System.Text.Encoding.ASCII.GetBytes(enc), [id]));
        _vars["SOPS_AGE_KEY"] = HybridIdentity.Generate().ToSecretString();
        var entry = Entry(a.Recipient.ToString(), enc);
        var result = await Source().FromEntry(entry).UnwrapAsync(entry);
        Assert.False(result.Succeeded);
        Assert.Contains("mlkem768x25519", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "p256tag")]
    [InlineData(true, "mlkem768p256tag")]
    public async Task Tag_recipient_stanzas_secretskit_writes_open_with_a_software_tag_identity_in_typage(bool hybrid, string stanza)
    {
        var (secret, recipient) = await Typage.GenerateTagAsync(hybrid);
        var parsed = Assert.IsType<TagRecipient>(AgeRecipientParser.Parse(recipient));
        Assert.Equal(recipient, parsed.ToString());
        Assert.Equal(hybrid, parsed.IsHybrid);
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var entry = await Source().Parse(recipient, KeyParseOptions.None).WrapAsync(dataKey);
        Assert.Contains($"-> {stanza} ", AgeArmorText(entry.Enc), StringComparison.Ordinal);
        Assert.Equal(dataKey, await Typage.DecryptTagAsync(entry.Enc, secret, hybrid));
        var (otherSecret, _) = await Typage.GenerateTagAsync(hybrid);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Typage.DecryptTagAsync(entry.Enc, otherSecret, hybrid));
    }

    [Fact]
    public async Task Hybrid_tag_recipient_keeps_the_post_quantum_label_and_the_classic_one_does_not()
    {
        var (_, pqTag) = await Typage.GenerateTagAsync(hybrid: true);
        var (_, classicTag) = await Typage.GenerateTagAsync(hybrid: false);
        var payload = new byte[32];
        IAgeRecipient x25519 = X25519Identity.Generate().Recipient;
        Assert.Throws<AgeException>(() => AgeEncryptor.Encrypt(payload, [AgeRecipientParser.Parse(pqTag), x25519], armor: true));
        AgeEncryptor.Encrypt(payload, [AgeRecipientParser.Parse(classicTag), x25519], armor: true);
        AgeEncryptor.Encrypt(payload, [AgeRecipientParser.Parse(pqTag), HybridIdentity.Generate().Recipient], armor: true);
    }

    private static string AgeArmorText(string armored)
    {
        var lines = armored.Split('\n');
        return System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(string.Concat(lines[1..^2])));
    }
}
