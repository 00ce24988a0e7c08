using SecretsKit.Deploy.Diff;
using static SecretsKit.Deploy.Tests.Diff.Manifests;

namespace SecretsKit.Deploy.Tests.Diff;

public sealed class ManifestDiffTests
{
    private static readonly string[] Sensitive = { DbPassword, NewDbPassword, ApiToken, NewApiToken, SmtpPassword };

    private static readonly ManifestDiffOptions Redacting = new(false, Sensitive);

    private static string Deployed => Stream(Deployment(), Service(), Secret(), ConfigMap());

    private static void AssertNoSensitiveValue(string text)
    {
        foreach (var value in Sensitive)
        {
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
            Assert.DoesNotContain(B64(value), text, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
    }

    private static List<string> Section(string text, string header)
    {
        var lines = text.Split('\n');
        var start = Array.IndexOf(lines, header);
        Assert.True(start >= 0, $"no section '{header}' in:\n{text}");
        return lines.Skip(start + 1).TakeWhile(l => l.Length > 0).ToList();
    }

    [Fact]
    public void Identical_manifests_have_no_changes_and_print_nothing()
    {
        var result = ManifestDiff.Compare(Deployed, Deployed.Replace("\n", "  \n", StringComparison.Ordinal) + "\n---\n", Redacting);
        Assert.Equal(new ManifestDiffResult(false, "", 0, 0, 0), result);
    }

    [Fact]
    public void Documents_are_matched_by_identity_not_position()
    {
        var result = ManifestDiff.Compare(Deployed, Stream(ConfigMap(), Secret(), Service(), Deployment()), Redacting);
        Assert.False(result.HasChanges, result.Text);
    }

    [Fact]
    public void A_first_install_shows_every_object_added_with_secret_data_as_sizes_only()
    {
        var result = ManifestDiff.Compare(null, Deployed, Redacting);
        Assert.Equal((true, 4, 0, 0), (result.HasChanges, result.Added, result.Removed, result.Changed));
        AssertNoSensitiveValue(result.Text);
        var secret = Section(result.Text, "default, web-db, Secret (v1) has been added:");
        Assert.Contains("+ data:", secret);
        Assert.Contains("+   username: (added, 3 bytes)", secret);
        Assert.Contains("+   password: (added, 15 bytes)", secret);
        Assert.Contains("+   DATABASE_URL: (added, 51 bytes)", secret);
        Assert.Contains("+     tier: backend", secret);
        var deployment = Section(result.Text, "default, web, Deployment (apps) has been added:");
        Assert.Contains("+               value: (redacted, changed)", deployment);
        Assert.Contains("+             - (redacted, changed)", deployment);
        Assert.Contains("+             - --listen=:8080", deployment);
        Assert.Contains("+               value: info", deployment);
        Assert.Contains("apps, web-config, ConfigMap (v1) has been added:", result.Text, StringComparison.Ordinal);
        Assert.Contains("default, web, Service (v1) has been added:", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_realistic_upgrade_shows_plain_changes_and_only_the_status_of_secret_ones()
    {
        var rendered = Stream(
            Deployment(image: "ghcr.io/acme/web:1.5.0", apiToken: NewApiToken),
            Service(port: 8080),
            Secret(password: NewDbPassword),
            ConfigMap(password: NewDbPassword));
        var result = ManifestDiff.Compare(Deployed, rendered, Redacting);
        Assert.Equal((true, 0, 0, 4), (result.HasChanges, result.Added, result.Removed, result.Changed));
        AssertNoSensitiveValue(result.Text);

        var deployment = Section(result.Text, "default, web, Deployment (apps) has changed:");
        Assert.Contains("-           image: \"ghcr.io/acme/web:1.4.2\"", deployment);
        Assert.Contains("+           image: \"ghcr.io/acme/web:1.5.0\"", deployment);
        Assert.Contains("-             - (redacted)", deployment);
        Assert.Contains("+             - (redacted, changed)", deployment);
        Assert.Contains("-               value: (redacted)", deployment);
        Assert.Contains("+               value: (redacted, changed)", deployment);
        Assert.Contains("                value: (redacted, unchanged)", deployment);

        var service = Section(result.Text, "default, web, Service (v1) has changed:");
        Assert.Equal(new[] { "@@ -6,7 +6,7 @@", "  spec:", "    type: ClusterIP", "    ports:", "-     - port: 80", "+     - port: 8080", "        targetPort: http", "        name: http", "    selector:" }, service);

        var secret = Section(result.Text, "default, web-db, Secret (v1) has changed:");
        Assert.Contains("    username: (unchanged, 3 bytes)", secret);
        Assert.Contains("-   password: (was 15 bytes)", secret);
        Assert.Contains("+   password: (changed, 15 \u2192 18 bytes)", secret);
        Assert.Contains("+   DATABASE_URL: (changed, 51 \u2192 54 bytes)", secret);

        var config = Section(result.Text, "apps, web-config, ConfigMap (v1) has changed:");
        Assert.Contains("-   app.properties: (redacted)", config);
        Assert.Contains("+   app.properties: (redacted, changed)", config);
        Assert.DoesNotContain(config, l => l.Contains("db.pool", StringComparison.Ordinal) || l.Contains("db.host", StringComparison.Ordinal));
        Assert.Contains("    LOG_LEVEL: info", config);
    }

    [Fact]
    public void Secret_keys_added_removed_and_unchanged_are_each_named_with_their_size()
    {
        var before = Stream(Secret(extraKey: "legacy-token"));
        var after = Stream(Secret(extraKey: "new-token"));
        var result = ManifestDiff.Compare(before, after, Redacting);
        var secret = Section(result.Text, "default, web-db, Secret (v1) has changed:");
        Assert.Contains("-   legacy-token: (removed)", secret);
        Assert.Contains("+   new-token: (added, 18 bytes)", secret);
        Assert.Contains("    password: (unchanged, 15 bytes)", secret);
        Assert.DoesNotContain("value-of-", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(B64("value-of-new-token"), result.Text, StringComparison.Ordinal);
        Assert.Equal(1, result.Changed);
    }

    [Fact]
    public void A_secret_whose_data_is_unchanged_but_whose_labels_changed_shows_the_label_and_sizes_as_context()
    {
        var result = ManifestDiff.Compare(Stream(Secret()), Stream(Secret(tier: "data")), Redacting);
        Assert.Equal((true, 1), (result.HasChanges, result.Changed));
        var secret = Section(result.Text, "default, web-db, Secret (v1) has changed:");
        Assert.Contains("-     tier: backend", secret);
        Assert.Contains("+     tier: data", secret);
        Assert.Contains("    username: (unchanged, 3 bytes)", secret);
        Assert.DoesNotContain(secret, l => l.StartsWith('+') && l.Contains("bytes", StringComparison.Ordinal));
        AssertNoSensitiveValue(result.Text);
    }

    [Fact]
    public void Secret_values_are_redacted_even_when_the_caller_did_not_list_them()
    {
        var result = ManifestDiff.Compare(null, Deployed, new ManifestDiffOptions(false, Array.Empty<string>()));
        Assert.DoesNotContain(DbPassword, result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(B64(DbPassword), result.Text, StringComparison.Ordinal);
        Assert.Contains("+   app.properties: (redacted, changed)", Section(result.Text, "apps, web-config, ConfigMap (v1) has been added:"));
    }

    [Fact]
    public void A_removed_object_is_listed_as_removed_with_its_secret_data_hidden()
    {
        var result = ManifestDiff.Compare(Deployed, Stream(Deployment(), Service(), ConfigMap()), Redacting);
        Assert.Equal((true, 0, 1, 0), (result.HasChanges, result.Added, result.Removed, result.Changed));
        var secret = Section(result.Text, "default, web-db, Secret (v1) has been removed:");
        Assert.Contains("-   password: (removed)", secret);
        AssertNoSensitiveValue(result.Text);
    }

    [Fact]
    public void Show_secrets_prints_the_values_in_clear()
    {
        var rendered = Stream(Deployment(apiToken: NewApiToken), Service(), Secret(password: NewDbPassword), ConfigMap());
        var result = ManifestDiff.Compare(Deployed, rendered, new ManifestDiffOptions(true, Sensitive));
        Assert.Contains($"+               value: \"{NewApiToken}\"", result.Text, StringComparison.Ordinal);
        Assert.Contains($"+   password: {B64(NewDbPassword)}", result.Text, StringComparison.Ordinal);
        Assert.Contains($"-   password: {B64(DbPassword)}", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_hidden_in_base64_inside_another_object_or_a_comment_is_redacted()
    {
        var blob = B64("[smtp]\nuser=mailer\npassword=" + SmtpPassword + "\nport=587\n");
        var flow = "{user: admin, pass: \"" + DbPassword + "\"}";
        var config = $"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: blobs
              annotations:
                note: "inline {ApiToken[1..]} suffix"
            binaryData:
              smtp.ini: {blob}
            # rotated from {DbPassword} last week
            data:
              flow: {flow}
              plain: visible-value
            """;
        var result = ManifestDiff.Compare(null, config, new ManifestDiffOptions(false, new[] { SmtpPassword, DbPassword, ApiToken[1..] }));
        var lines = Section(result.Text, "default, blobs, ConfigMap (v1) has been added:");
        Assert.Contains("+   smtp.ini: (redacted, changed)", lines);
        Assert.Contains("+     note: (redacted, changed)", lines);
        Assert.Contains("+ (redacted)", lines);
        Assert.Contains("+   flow: (redacted, changed)", lines);
        Assert.Contains("+   plain: visible-value", lines);
        Assert.DoesNotContain(blob, result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(DbPassword, result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Context_lines_limit_the_unchanged_lines_around_each_change_and_split_far_apart_changes()
    {
        var before = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n" + string.Concat(Enumerable.Range(1, 20).Select(i => $"  k{i}: v{i}\n"));
        var after = before.Replace("k3: v3", "k3: x3", StringComparison.Ordinal).Replace("k18: v18", "k18: x18", StringComparison.Ordinal);
        var result = ManifestDiff.Compare(before, after, new ManifestDiffOptions(false, Array.Empty<string>(), ContextLines: 1));
        Assert.Equal("""
            default, c, ConfigMap (v1) has changed:
            @@ -7,3 +7,3 @@
                k2: v2
            -   k3: v3
            +   k3: x3
                k4: v4
            @@ -22,3 +22,3 @@
                k17: v17
            -   k18: v18
            +   k18: x18
                k19: v19


            """.Replace("\r\n", "\n", StringComparison.Ordinal), result.Text);
    }

    [Fact]
    public void A_change_only_in_how_secret_data_is_written_is_reported_without_showing_anything()
    {
        var quoted = Secret().Replace($"password: {B64(DbPassword)}", $"password: \"{B64(DbPassword)}\"", StringComparison.Ordinal);
        var result = ManifestDiff.Compare(Stream(Secret()), Stream(quoted), Redacting);
        Assert.Equal((true, 1), (result.HasChanges, result.Changed));
        Assert.Equal("default, web-db, Secret (v1) has changed, but the diff is empty after redaction.\n\n", result.Text);
    }

    [Fact]
    public void A_document_that_is_not_yaml_is_still_compared_and_redacted_line_by_line()
    {
        var before = $"kind: [broken\ntoken: {ApiToken}\nsize: 1\n";
        var after = $"kind: [broken\ntoken: {NewApiToken}\nsize: 2\n";
        var result = ManifestDiff.Compare(before, after, Redacting);
        Assert.Equal(1, result.Changed);
        Assert.Contains("(unparsed document 1) has changed:", result.Text, StringComparison.Ordinal);
        Assert.Contains("+ size: 2", result.Text, StringComparison.Ordinal);
        Assert.Contains("  (redacted)", result.Text, StringComparison.Ordinal);
        AssertNoSensitiveValue(result.Text);
    }

    [Fact]
    public void Objects_with_the_same_name_in_other_namespaces_or_kinds_are_different_objects()
    {
        var a = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: one\ndata:\n  a: b\n";
        var b = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: two\ndata:\n  a: b\n";
        var result = ManifestDiff.Compare(a, b, Redacting);
        Assert.Equal((1, 1, 0), (result.Added, result.Removed, result.Changed));
        Assert.Contains("two, x, ConfigMap (v1) has been added:", result.Text, StringComparison.Ordinal);
        Assert.Contains("one, x, ConfigMap (v1) has been removed:", result.Text, StringComparison.Ordinal);
    }
}
