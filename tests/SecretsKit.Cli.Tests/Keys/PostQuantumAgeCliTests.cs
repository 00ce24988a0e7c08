using SecretsKit.Cli.Tests.KeyManagement;
using SecretsKit.Testing.Age;
using SecretsKit.Testing.Common;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Cli.Tests.Keys;

/// <summary>
/// age 1.3 post-quantum hybrid recipients through every CLI path (keygen --pq, encrypt, decrypt, set, edit,
/// updatekeys, rotate --add-age/--rm-age, groups add, SOPS_AGE_RECIPIENTS), mixed with a classic X25519 recipient;
/// after each step every age stanza still opens in typage (npm age-encryption 0.3.1) with the matching identity.
/// </summary>
public sealed class PostQuantumAgeCliTests
{
    private const string Yaml = "db:\n    user: admin\n    password: hunter2\n";

    [Fact]
    public async Task Keygen_pq_writes_a_hybrid_identity_in_age_keygen_format_that_typage_derives_the_same_recipient_from()
    {
        using var dir = new TempDir();
        var keyFile = dir.File("keys.txt");
        var gen = await CliRunner.RunAsync(["keygen", "--pq", "-o", keyFile]);
        Assert.True(gen.ExitCode == 0, gen.Stderr);
        var lines = File.ReadAllLines(keyFile);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^# created: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", lines[0]);
        Assert.StartsWith("# public key: age1pq1", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("AGE-SECRET-KEY-PQ-1", lines[2], StringComparison.Ordinal);
        var recipient = lines[1]["# public key: ".Length..];
        Assert.Equal($"Public key: {recipient}", gen.Stderr.Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Equal(recipient, await Typage.RecipientOfAsync(lines[2]));
        Assert.InRange(recipient.Length, 1900, 2000);

        var stdout = await CliRunner.RunAsync(["keygen", "--pq"], recordOutput: false);
        Assert.True(stdout.ExitCode == 0, stdout.Stderr);
        Assert.Contains("AGE-SECRET-KEY-PQ-1", stdout.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_with_post_quantum_and_classic_recipients_survives_every_cli_path_and_its_stanzas_open_in_typage()
    {
        using var dir = new TempDir();
        var ours = await KeygenAsync(dir, "ours.txt");
        var (theirIdentity, theirRecipient) = await Typage.GenerateHybridAsync();
        var identities = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ours.Recipient] = ours.Secret,
            [theirRecipient] = theirIdentity,
            [TestKeys.AgeRecipient] = File.ReadAllLines(TestKeys.AgeIdentityFile).Single(l => l.StartsWith("AGE-SECRET-KEY-1", StringComparison.Ordinal)),
        };
        var ourEnv = new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = ours.File, ["CI"] = "true" };
        var path = dir.Write("secrets.yaml", Yaml);

        var enc = await CliRunner.RunAsync(["encrypt", "-i", "--age", $"{ours.Recipient},{TestKeys.AgeRecipient}", path]);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        await AssertStanzasOpenInTypageAsync(path, identities, [ours.Recipient, TestKeys.AgeRecipient]);
        Assert.Equal(Yaml, await DecryptAsync(path, ourEnv));
        Assert.Equal(Yaml, await DecryptAsync(path, CoreFiles.AgeEnv(TestKeys.AgeIdentityFile)));

        var set = await CliRunner.RunAsync(["set", path, "[\"api\"]", "\"token\""], ourEnv);
        Assert.True(set.ExitCode == 0, set.Stderr);
        var editor = dir.Write("editor.sh", "#!/bin/sh\nsed -i 's/hunter2/hunter3/' \"$1\"\n");
        File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var edit = await CliRunner.RunAsync(["edit", path], new Dictionary<string, string?>(ourEnv) { ["EDITOR"] = editor });
        Assert.True(edit.ExitCode == 0, edit.Stderr);
        var expected = Yaml.Replace("hunter2", "hunter3", StringComparison.Ordinal) + "api: token\n";
        Assert.Equal(expected, await DecryptAsync(path, ourEnv));
        await AssertStanzasOpenInTypageAsync(path, identities, [ours.Recipient, TestKeys.AgeRecipient]);

        dir.Write(".sops.yaml", $"creation_rules:\n  - age: {ours.Recipient},{theirRecipient},{TestKeys.AgeRecipient}\n");
        var update = await CliRunner.RunAsync(["updatekeys", "-y", path], ourEnv, cwd: dir.Path);
        Assert.True(update.ExitCode == 0, update.Stderr);
        await AssertStanzasOpenInTypageAsync(path, identities, [ours.Recipient, theirRecipient, TestKeys.AgeRecipient]);
        Assert.Equal(expected, await DecryptAsync(path, new Dictionary<string, string?> { ["SOPS_AGE_KEY"] = theirIdentity }));

        var (secondIdentity, secondRecipient) = await Typage.GenerateHybridAsync();
        identities[secondRecipient] = secondIdentity;
        var rotate = await CliRunner.RunAsync(["rotate", "-i", "--rm-age", TestKeys.AgeRecipient, "--add-age", secondRecipient, path], ourEnv);
        Assert.True(rotate.ExitCode == 0, rotate.Stderr);
        await AssertStanzasOpenInTypageAsync(path, identities, [ours.Recipient, theirRecipient, secondRecipient]);
        Assert.Equal(expected, await DecryptAsync(path, ourEnv));

        // a post-quantum group and a classic one, both needed: secretskit refuses to lock out the caller, so it holds both
        var both = new Dictionary<string, string?> { ["SOPS_AGE_KEY"] = $"{ours.Secret}\n{identities[TestKeys.AgeRecipient]}\n" };
        var groups = await CliRunner.RunAsync(["groups", "add", "--file", path, "-i", "--age", TestKeys.AgeRecipient,
            "--shamir-secret-sharing-threshold", "2"], both);
        Assert.True(groups.ExitCode == 0, groups.Stderr);
        await AssertStanzasOpenInTypageAsync(path, identities, [ours.Recipient, theirRecipient, secondRecipient, TestKeys.AgeRecipient], shamir: true);
        Assert.Equal(expected, await DecryptAsync(path, both));
        var one = await CliRunner.RunAsync(["decrypt", path], ourEnv);
        Assert.NotEqual(0, one.ExitCode);
    }

    [Fact]
    public async Task Sops_age_recipients_variable_takes_a_post_quantum_recipient()
    {
        using var dir = new TempDir();
        var (identity, recipient) = await Typage.GenerateHybridAsync();
        var path = dir.Write("app.yaml", Yaml);
        var enc = await CliRunner.RunAsync(["encrypt", "-i", path], new Dictionary<string, string?> { ["SOPS_AGE_RECIPIENTS"] = recipient });
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        await AssertStanzasOpenInTypageAsync(path, new Dictionary<string, string>(StringComparer.Ordinal) { [recipient] = identity }, [recipient]);
        Assert.Equal(Yaml, await DecryptAsync(path, new Dictionary<string, string?> { ["SOPS_AGE_KEY"] = identity }));
    }

    [Fact]
    public async Task A_malformed_post_quantum_recipient_is_a_one_line_error_without_a_stack_trace()
    {
        using var dir = new TempDir();
        var path = dir.Write("app.yaml", Yaml);
        var (_, recipient) = await Typage.GenerateHybridAsync();
        var broken = recipient[..^1] + (recipient[^1] == 'q' ? 'p' : 'q');
        var enc = await CliRunner.RunAsync(["encrypt", "-i", "--age", broken, path]);
        Assert.NotEqual(0, enc.ExitCode);
        Assert.Contains("malformed age recipient", enc.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", enc.Stderr, StringComparison.Ordinal);
        Assert.Equal(Yaml, File.ReadAllText(path));
    }

    private static async Task<(string File, string Recipient, string Secret)> KeygenAsync(TempDir dir, string name)
    {
        var file = dir.File(name);
        var gen = await CliRunner.RunAsync(["keygen", "--pq", "-o", file]);
        Assert.True(gen.ExitCode == 0, gen.Stderr);
        var lines = File.ReadAllLines(file);
        return (file, lines[1]["# public key: ".Length..], lines[2]);
    }

    private static async Task<string> DecryptAsync(string path, IDictionary<string, string?> env)
    {
        var dec = await CliRunner.RunAsync(["decrypt", path], env, recordOutput: false);
        Assert.True(dec.ExitCode == 0, dec.Stderr);
        return dec.StdoutText;
    }

    /// <summary>
    /// The file's age entries are exactly <paramref name="recipients"/>, and typage opens each with its identity; the
    /// payloads agree (one data key), or, with Shamir groups, each group's entries agree on their share.
    /// </summary>
    private static async Task AssertStanzasOpenInTypageAsync(string path, IReadOnlyDictionary<string, string> identities,
        IReadOnlyCollection<string> recipients, bool shamir = false)
    {
        var groups = AgeEntries(path);
        Assert.Equal(recipients.Order(StringComparer.Ordinal), groups.SelectMany(g => g).Select(e => e.Recipient).Order(StringComparer.Ordinal));
        Assert.Equal(shamir, groups.Count > 1);
        foreach (var group in groups)
        {
            var payloads = new List<string>();
            foreach (var (recipient, enc) in group)
            {
                payloads.Add(Convert.ToHexString(await Typage.DecryptAsync(enc, identities[recipient])));
            }
            Assert.Single(payloads.Distinct(StringComparer.Ordinal));
        }
    }

    private static List<List<(string Recipient, string Enc)>> AgeEntries(string path)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        var sops = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["sops"];
        static List<(string, string)> Entries(YamlMappingNode node) =>
            node.Children.TryGetValue("age", out var list)
                ? ((YamlSequenceNode)list).Cast<YamlMappingNode>().Select(e => (e["recipient"].ToString(), e["enc"].ToString())).ToList()
                : [];
        if (sops.Children.TryGetValue("key_groups", out var groups))
        {
            return ((YamlSequenceNode)groups).Cast<YamlMappingNode>().Select(Entries).ToList();
        }
        return [Entries(sops)];
    }
}
