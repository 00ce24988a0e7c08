using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Operations;

namespace SecretsKit.Core.Tests.Operations;

/// <summary>Rotator, KeyRewrapper and GroupEditor through the Core API with real age keys.</summary>
public sealed class KeyOperationsTests
{
    private const string Yaml = "a: 1\nb: secret\n";

    [Fact]
    public async Task Rewrap_keeps_the_data_key_values_mac_and_lastmodified_and_reports_the_diff()
    {
        using var h = new OperationsHarness("age-unittest-identity.txt");
        var encrypted = await h.EncryptAsync(Yaml, new[] { h.Key(OperationsHarness.Recipient) });
        var original = await h.DecryptAsync(encrypted);
        var document = h.Yaml.ParseEncrypted(encrypted);

        var result = await new KeyRewrapper(h.Engine).RewrapAsync(document, "t.yaml",
            new[] { new[] { h.Key(OperationsHarness.Recipient), h.Key(OperationsHarness.OtherRecipient) } }, 0, null);

        Assert.Equal(new[] { "age " + OperationsHarness.OtherRecipient }, result.Diff.Groups[0].Added);
        Assert.Empty(result.Diff.Groups[0].Removed);
        Assert.Equal(original.Metadata.Mac, result.File.Metadata.Mac);
        Assert.Equal(original.Metadata.LastModified, result.File.Metadata.LastModified);
        Assert.Equal(document.Tree, result.File.Tree);
        using var other = new OperationsHarness("age-unittest-other-identity.txt");
        var viaOther = await other.DecryptAsync(result.File.Emit(h.Yaml));
        Assert.Equal(original.DataKey, viaOther.DataKey);
    }

    [Fact]
    public async Task Rotate_uses_a_new_data_key_and_applies_add_and_remove()
    {
        using var h = new OperationsHarness("age-unittest-identity.txt", "age-unittest-other-identity.txt");
        var original = await h.DecryptAsync(await h.EncryptAsync(Yaml, new[] { h.Key(OperationsHarness.Recipient) }));

        var rotated = await new Rotator(h.Engine).RotateAsync(original,
            new[] { h.Key(OperationsHarness.OtherRecipient) }, new[] { h.Key(OperationsHarness.Recipient) });

        var bytes = rotated.Emit(h.Yaml);
        var again = await h.DecryptAsync(bytes);
        Assert.NotEqual(original.DataKey, again.DataKey);
        Assert.Equal(original.Plain, again.Plain);
        var recipients = again.Metadata.KeyGroups.SelectMany(g => g).Select(e => e.Field("recipient")).ToList();
        Assert.Equal(new[] { OperationsHarness.OtherRecipient }, recipients);
        Assert.DoesNotContain(Encoding.UTF8.GetString(bytes).Split('\n').Where(l => l.Contains("ENC[", StringComparison.Ordinal)),
            l => Encoding.UTF8.GetString(h.Yaml.EmitPlain(original.Plain)).Contains(l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Groups_add_then_delete_resplits_the_same_data_key_and_rejects_bad_indices()
    {
        using var h = new OperationsHarness("age-unittest-identity.txt", "age-unittest-other-identity.txt");
        var encrypted = await h.EncryptAsync(Yaml, new[] { h.Key(OperationsHarness.Recipient) });
        var original = await h.DecryptAsync(encrypted);
        var editor = new GroupEditor(h.Engine);

        var added = await editor.AddAsync(h.Yaml.ParseEncrypted(encrypted), "t.yaml", new[] { h.Key(OperationsHarness.OtherRecipient) }, 0, null);
        Assert.Equal(2, added.File.Metadata.KeyGroups.Count);
        Assert.Equal(2, added.File.Metadata.ShamirThreshold);
        var twoGroups = added.File.Emit(h.Yaml);
        Assert.Equal(original.DataKey, (await h.DecryptAsync(twoGroups)).DataKey);

        var deleted = await editor.DeleteAsync(h.Yaml.ParseEncrypted(twoGroups), "t.yaml", 0, 0, null);
        Assert.Single(deleted.File.Metadata.KeyGroups);
        Assert.Equal(0, deleted.File.Metadata.ShamirThreshold);
        Assert.Equal(original.DataKey, (await h.DecryptAsync(deleted.File.Emit(h.Yaml))).DataKey);

        var e = await Assert.ThrowsAsync<SecretsKitException>(() => editor.DeleteAsync(h.Yaml.ParseEncrypted(twoGroups), "t.yaml", 2, 0, null));
        Assert.Contains("no key group 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Threshold_normalisation_caps_at_the_group_count_and_is_0_for_one_group()
    {
        Assert.Equal(0, KeyRewrapper.Normalize(3, 1));
        Assert.Equal(2, KeyRewrapper.Normalize(3, 2));
        Assert.Equal(3, KeyRewrapper.Normalize(0, 3));
        Assert.Equal(2, KeyRewrapper.Normalize(2, 3));
    }
}
