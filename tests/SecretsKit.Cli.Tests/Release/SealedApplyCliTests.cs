using SecretsKit.Testing.Helm;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// <c>secretskit release apply --secrets-as sopssecret</c> through the real process, the real helm (3.10.1 and 4.1.4), the
/// Kubernetes API fake and the real agent: helm gets placeholders, its post-renderer turns the Secret into a SopsSecret
/// encrypted to the cluster's key (not the key the CLI decrypts with), the agent writes the Secret, and the apply waits
/// for it. None of 50 random secret values, plain or base64, is then in helm's stored values, manifest or release Secret,
/// in any file under TMPDIR, HOME or the work tree, or in the run's output.
/// </summary>
public sealed class SealedApplyCliTests
{
    private static readonly string[] Apply =
        ["release", "apply", "--secrets-as", "sopssecret", "--age", TestKeys.AgeRecipient, "--key-secret", "sops-age-key/identity.agekey", "--skip-unittest"];

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Apply_leaves_no_decrypted_value_in_helm_storage_files_or_output_and_the_agent_writes_the_secret(string helm)
    {
        await using var sandbox = new SealedSandbox();
        await sandbox.EncryptSecretsAsync();
        await sandbox.StartClusterAsync(agent: true);

        var run = await sandbox.CliAsync(Apply, helm);

        Assert.True(run.ExitCode == 0, run.Stderr + run.StdoutText + sandbox.AgentOutput);
        var written = sandbox.TargetSecret()!;
        foreach (var (key, value) in sandbox.Values) Assert.Equal(value, written[key]);
        Assert.Equal(sandbox.Dsn, written["dsn"]);
        var stored = await StoredAsync(sandbox, helm);
        Assert.Contains("skph1", stored.Values, StringComparison.Ordinal);
        Assert.Contains("kind: SopsSecret", stored.Manifest, StringComparison.Ordinal);
        var releases = sandbox.ReleaseSecrets().ToList();
        Assert.NotEmpty(releases);
        Assert.All(releases, r => Assert.Contains("skph1", r, StringComparison.Ordinal)); // the stored config holds the placeholders
        AssertNoLeak(sandbox, [("helm get values --all", stored.Values), ("helm get manifest", stored.Manifest), ("run output", run.StdoutText + run.Stderr),
            .. sandbox.ReleaseSecrets().Select(r => ("release Secret", r)), .. sandbox.AllFiles()]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(sandbox.TempDirectory));
    }

    [Fact]
    public async Task A_second_apply_changes_nothing_and_one_changed_secret_changes_the_checksum_and_the_secret()
    {
        await using var sandbox = new SealedSandbox();
        await sandbox.EncryptSecretsAsync();
        await sandbox.StartClusterAsync(agent: true);
        var first = await sandbox.CliAsync(Apply);
        Assert.True(first.ExitCode == 0, first.Stderr + sandbox.AgentOutput);
        var checksum = Checksum(sandbox);
        var sopsSecret = sandbox.Server.TryGet(FakeResourceType.SopsSecret, SealedSandbox.Namespace, SealedSandbox.SecretName)!["spec"]!["sops"]!.GetValue<string>();

        var again = await sandbox.CliAsync(Apply);

        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("=== team/web (default): no changes", again.StdoutText, StringComparison.Ordinal);
        Assert.Equal(checksum, Checksum(sandbox));

        sandbox.Values["s07"] = "changed-" + sandbox.Values["s07"];
        await sandbox.EncryptSecretsAsync();
        var changed = await sandbox.CliAsync(Apply);

        Assert.True(changed.ExitCode == 0, changed.Stderr + sandbox.AgentOutput);
        Assert.NotEqual(checksum, Checksum(sandbox));
        Assert.Equal(sandbox.Values["s07"], sandbox.TargetSecret()!["s07"]);
        Assert.NotEqual(sopsSecret, sandbox.Server.TryGet(FakeResourceType.SopsSecret, SealedSandbox.Namespace, SealedSandbox.SecretName)!["spec"]!["sops"]!.GetValue<string>());
        Assert.Null(sandbox.Leak(changed.StdoutText + changed.Stderr));
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leak\ndata:\n  password: {{ .Values.secrets.s03 | quote }}\n",
        "app/templates/extra.yaml: ConfigMap leak holds the placeholder of values key secrets.s03 outside a Secret's data")]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata:\n  name: shout\nstringData:\n  token: {{ .Values.secrets.s04 | upper | quote }}\n",
        "app/templates/extra.yaml: Secret shout stringData.token holds the placeholder of values key secrets.s04 changed by a template function (changed in case)")]
    public async Task A_placeholder_outside_a_secrets_data_or_changed_beyond_recognition_fails_naming_template_and_key(string template, string expected)
    {
        await using var sandbox = new SealedSandbox(template);
        await sandbox.EncryptSecretsAsync();
        await sandbox.StartClusterAsync(agent: false);

        var run = await sandbox.CliAsync(Apply);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(sandbox.Server.All(FakeResourceType.SopsSecret));
        Assert.Empty(sandbox.ReleaseSecrets());
        Assert.Null(sandbox.Leak(run.StdoutText + run.Stderr));
    }

    private static string Checksum(SealedSandbox sandbox) =>
        sandbox.Server.TryGet(FakeResourceType.Deployment, SealedSandbox.Namespace, SealedSandbox.Release)!["spec"]!["template"]!["metadata"]!["annotations"]!["checksum/secret"]!.GetValue<string>();

    private static async Task<(string Values, string Manifest)> StoredAsync(SealedSandbox sandbox, string helm)
    {
        var values = await sandbox.HelmAsync(helm, "get", "values", SealedSandbox.Release, "-n", SealedSandbox.Namespace, "--all");
        var manifest = await sandbox.HelmAsync(helm, "get", "manifest", SealedSandbox.Release, "-n", SealedSandbox.Namespace);
        Assert.True(values.ExitCode == 0 && manifest.ExitCode == 0, values.Stderr + manifest.Stderr);
        return (values.StdoutText, manifest.StdoutText);
    }

    private static void AssertNoLeak(SealedSandbox sandbox, IEnumerable<(string Where, string Text)> places)
    {
        var checkedPlaces = 0;
        foreach (var (where, text) in places)
        {
            checkedPlaces++;
            Assert.True(sandbox.Leak(text) is null, $"{where} holds the value of secrets.{sandbox.Leak(text)}");
        }
        Assert.True(checkedPlaces > 10, "the sweep looked at too few places to mean anything");
    }
}
