using System.Text;
using System.Text.Json;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Pgp;

namespace SecretsKit.Core.Tests.Pgp;

public sealed class PgpMasterKeyTests(GnupgFixture gpg) : IClassFixture<GnupgFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    private static MasterKeyEntry FixtureEntry(string fingerprint)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedFixtures.Directory, "sops-example.enc.json")));
        foreach (var item in doc.RootElement.GetProperty("sops").GetProperty("pgp").EnumerateArray())
        {
            if (item.GetProperty("fp").GetString() == fingerprint)
            {
                return new MasterKeyEntry("pgp", new Dictionary<string, string>
                {
                    ["created_at"] = item.GetProperty("created_at").GetString()!,
                    ["enc"] = item.GetProperty("enc").GetString()!,
                    ["fp"] = fingerprint,
                });
            }
        }
        throw new InvalidOperationException("fixture has no pgp entry for " + fingerprint);
    }

    [Fact]
    public async Task Unwrap_of_sops_made_stanza_yields_the_32_byte_data_key_and_both_keys_agree()
    {
        var source = new PgpKeySource(gpg.Context());
        var entry1 = FixtureEntry(GnupgHome.Key1);
        var entry2 = FixtureEntry(GnupgHome.Key2);

        var r1 = await source.FromEntry(entry1).UnwrapAsync(entry1);
        var r2 = await source.FromEntry(entry2).UnwrapAsync(entry2);

        Assert.True(r1.Succeeded, r1.Reason);
        Assert.True(r2.Succeeded, r2.Reason);
        Assert.Equal(32, r1.DataKey!.Length);
        Assert.Equal(r1.DataKey, r2.DataKey);
    }

    [Fact]
    public async Task Wrap_then_unwrap_round_trips_and_writes_sops_shaped_entry()
    {
        var key = new PgpMasterKey(GnupgHome.Key1, gpg.Context(new FixedTime(Now)));
        var payload = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();

        var entry = await key.WrapAsync(payload);
        var result = await key.UnwrapAsync(entry);

        Assert.Equal("pgp", entry.KeyType);
        Assert.Equal(GnupgHome.Key1, entry.Field("fp"));
        Assert.Equal("2026-03-04T05:06:07Z", entry.Field("created_at"));
        Assert.StartsWith("-----BEGIN PGP MESSAGE-----\n", entry.Enc, StringComparison.Ordinal);
        Assert.EndsWith("-----END PGP MESSAGE-----", entry.Enc, StringComparison.Ordinal);
        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(payload, result.DataKey);
    }

    [Fact]
    public async Task Wrap_of_33_byte_shamir_share_round_trips_byte_exact()
    {
        var key = new PgpMasterKey(GnupgHome.Key2, gpg.Context());
        var share = new byte[33];
        share[0] = 0x0a; // a leading newline byte must survive (payload is binary, not text)
        share[32] = 2;

        var result = await key.UnwrapAsync(await key.WrapAsync(share));

        Assert.Equal(share, result.DataKey);
    }

    [Fact]
    public async Task Unwrap_with_public_only_key_is_NotMine_with_reason()
    {
        var key = new PgpMasterKey(GnupgHome.PublicOnlyKey, gpg.Context());
        var entry = await key.WrapAsync(new byte[32]);

        var result = await key.UnwrapAsync(entry);

        Assert.False(result.Succeeded);
        Assert.True(result.NotApplicable);
        Assert.Contains("no secret key", result.Reason, StringComparison.Ordinal);
        Assert.Contains(GnupgHome.PublicOnlyKey, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unwrap_of_garbage_enc_is_a_failure_not_NotMine()
    {
        var key = new PgpMasterKey(GnupgHome.Key1, gpg.Context());
        var entry = new MasterKeyEntry("pgp", new Dictionary<string, string>
        {
            ["enc"] = "-----BEGIN PGP MESSAGE-----\n\nbm90IGEgbWVzc2FnZQ==\n-----END PGP MESSAGE-----",
            ["fp"] = GnupgHome.Key1,
        });

        var result = await key.UnwrapAsync(entry);

        Assert.False(result.Succeeded);
        Assert.False(result.NotApplicable);
        Assert.StartsWith("gpg -d failed", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_SOPS_GPG_EXEC_binary_fails_unwrap_and_wrap_with_clear_reason()
    {
        var missing = Path.Combine(gpg.Home, "no-such-gpg");
        var key = new PgpMasterKey(GnupgHome.Key1, gpg.Context(null, ("SOPS_GPG_EXEC", missing)));

        var result = await key.UnwrapAsync(FixtureEntry(GnupgHome.Key1));
        var wrap = await Assert.ThrowsAsync<SecretsKitException>(() => key.WrapAsync(new byte[32]));

        Assert.False(result.Succeeded);
        Assert.False(result.NotApplicable);
        Assert.Contains("gpg not found: set SOPS_GPG_EXEC", result.Reason, StringComparison.Ordinal);
        Assert.Contains(missing, result.Reason, StringComparison.Ordinal);
        Assert.Contains("gpg not found", wrap.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Generic, wrap.ExitCode);
    }

    [Fact]
    public async Task Wrap_to_a_fingerprint_not_in_the_keyring_fails_with_gpg_reason_and_hint()
    {
        const string unknown = "0123456789ABCDEF0123456789ABCDEF01234567";
        var key = new PgpMasterKey(unknown, gpg.Context());

        var e = await Assert.ThrowsAsync<SecretsKitException>(() => key.WrapAsync(new byte[32]));

        Assert.Equal(ExitCodes.Generic, e.ExitCode);
        Assert.Contains($"cannot encrypt the data key to PGP key {unknown}", e.Message, StringComparison.Ordinal);
        Assert.Contains("gpg:", e.Message, StringComparison.Ordinal);
        Assert.Contains(gpg.Home, e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_gpg_on_PATH_is_reported_as_not_found()
    {
        var key = new PgpMasterKey(GnupgHome.Key1, gpg.Context(null, ("SOPS_GPG_EXEC", "secretskit-no-such-gpg-binary")));

        var result = await key.UnwrapAsync(FixtureEntry(GnupgHome.Key1));

        Assert.Contains("gpg not found", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SOPS_GPG_EXEC_is_run_with_GNUPGHOME_and_the_sops_encrypt_arguments()
    {
        var log = Path.Combine(gpg.Home, "gpg-calls.log");
        var wrapper = Path.Combine(gpg.Home, "gpg-wrapper.sh");
        await File.WriteAllTextAsync(wrapper,
            $"#!/bin/sh\necho \"GNUPGHOME=$GNUPGHOME ARGS=$*\" >> '{log}'\nexec gpg \"$@\"\n");
        if (OperatingSystem.IsWindows()) return; // needs a POSIX shell script as the gpg wrapper
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var key = new PgpMasterKey(GnupgHome.Key1, gpg.Context(null, ("SOPS_GPG_EXEC", wrapper)));

        var result = await key.UnwrapAsync(await key.WrapAsync(new byte[32]));

        Assert.True(result.Succeeded, result.Reason);
        var calls = await File.ReadAllLinesAsync(log);
        Assert.Equal(2, calls.Length);
        Assert.Equal(
            $"GNUPGHOME={gpg.Home} ARGS=--batch --no-default-recipient --yes --encrypt -a -r {GnupgHome.Key1} --trusted-key 3D16CEE4A27381B4 --no-encrypt-to",
            calls[0]);
        Assert.StartsWith($"GNUPGHOME={gpg.Home} ARGS=--batch", calls[1], StringComparison.Ordinal);
        Assert.EndsWith("-d", calls[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fingerprint_with_spaces_is_stored_without_them()
    {
        var spaced = "FBC7 B9E2 A4F9 289A C0C1  D484 3D16 CEE4 A273 81B4";
        var key = new PgpKeySource(gpg.Context()).Parse(spaced, KeyParseOptions.None);

        var entry = await key.WrapAsync(new byte[32]);

        Assert.Equal(GnupgHome.Key1, key.Identifier);
        Assert.Equal(GnupgHome.Key1, entry.Field("fp"));
    }

    [Fact]
    public void Error_messages_never_contain_the_data_key()
    {
        // The reasons produced above are built from fingerprints, paths and gpg's stderr only; gpg's stderr for a
        // successful or failed decrypt does not echo plaintext. This checks the one place stdout is used.
        var outcome = new GpgOutcome(2, Encoding.UTF8.GetBytes("SECRET-DATA-KEY"), "gpg: decryption failed: No secret key\n[GNUPG:] NO_SECKEY 1234", true, "gpg");

        Assert.DoesNotContain("SECRET", outcome.Diagnostics, StringComparison.Ordinal);
        Assert.DoesNotContain("[GNUPG:]", outcome.Diagnostics, StringComparison.Ordinal);
        Assert.True(outcome.SaysNoSecretKey);
    }
}
