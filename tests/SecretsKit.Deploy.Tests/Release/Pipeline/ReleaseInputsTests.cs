using SecretsKit.Deploy.Tests.Release;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Decryption;
using SecretsKit.Deploy.Refs;
using SecretsKit.Testing.Common;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.Redaction;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Tests.Release.Pipeline;

public sealed class ReleaseInputsTests
{
    private const string DbPassword = "env-secret-db-pass-1234";
    private const string ApiToken = "release-secret-token-5678";
    private const string RefValue = "ref-resolved-value-9012";

    private static RefResolver Refs(string cwd) => new(new Dictionary<string, IRefBackend>(StringComparer.Ordinal)
    {
        ["env"] = new EnvRefBackend(new MapEnvironment(new Dictionary<string, string>(StringComparer.Ordinal) { ["TOKEN"] = RefValue, ["PORT"] = "8443" }, "/", cwd)),
    });

    private static ReleaseTarget Target(ReleaseSpec spec) =>
        new(spec, new ReleaseEnvironment("prod", null, ["env/{{ .Environment.Name }}.yaml"], ["env/{{ .Environment.Name }}/secrets.yaml"]), new HelmDefaults());

    private static ReleaseSpec Spec(IReadOnlyList<SetValue> set) =>
        new("app", "web", "./chart", null, new Dictionary<string, string>(), true, [], ["values/{{ .Release.Name }}.yaml", "?values/optional.yaml"],
            ["secrets/{{ .Environment.Name }}.yaml"], set, 1);

    [Fact]
    public async Task Values_come_in_helm_precedence_order_with_secrets_decrypted_privately_and_refs_kept_off_the_argv()
    {
        using var dir = new TempDir();
        dir.Write("env/prod.yaml", "replicas: 3\nenabled: true\n");
        await TestSops.WriteEncryptedAsync(dir.File("env/prod/secrets.yaml"), $"db:\n    password: {DbPassword}\n    port: 5432\n");
        dir.Write("values/app.yaml", "token: ref+env://TOKEN\nname: app\n");
        await TestSops.WriteEncryptedAsync(dir.File("secrets/prod.yaml"), $"api:\n    token: {ApiToken}\n");
        var set = new[]
        {
            new SetValue("image.tag", "1.2.{{ .Environment.Name }}"),
            new SetValue("note", "a,b\\c"),
            new SetValue("auth.token", "ref+env://TOKEN"),
            new SetValue("auth.port", "ref+env://PORT"),
        };
        using var inputs = await ReleaseInputs.PrepareAsync(Target(Spec(set)), dir.Path, new ReleaseDecryption(TestSops.Engine(dir.Path), DecryptOptions.Default, Refs(dir.Path)), CancellationToken.None);

        var args = inputs.ValueArgs;
        Assert.Equal(["-f", "env/prod.yaml", "-f"], args.Take(3));
        var envSecrets = args[3];
        Assert.Equal($"db:\n    password: {DbPassword}\n    port: 5432\n", File.ReadAllText(envSecrets));
        Assert.Equal("-f", args[4]);
        Assert.Equal("token: \"ref-resolved-value-9012\"\nname: app\n", File.ReadAllText(args[5]));
        Assert.Equal($"api:\n    token: {ApiToken}\n", File.ReadAllText(args[7]));
        Assert.Equal("-f", args[8]);
        Assert.Equal("auth:\n  token: \"ref-resolved-value-9012\"\n  port: \"8443\"\n", File.ReadAllText(args[9]));
        Assert.Equal(["--set", "image.tag=1.2.prod", "--set", "note=a\\,b\\\\c"], args.Skip(10));
        Assert.DoesNotContain(args, a => a.Contains(RefValue, StringComparison.Ordinal) || a.Contains(DbPassword, StringComparison.Ordinal));

        Assert.Equal(new[] { "8443", DbPassword, RefValue, ApiToken }, inputs.SensitiveValues.Order(StringComparer.Ordinal));
        Assert.All(inputs.PrivateDirectories, d => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(d)));
        var dirs = inputs.PrivateDirectories.ToList();
        Assert.Equal(2, dirs.Count);
        inputs.Dispose();
        Assert.All(dirs, d => Assert.False(Directory.Exists(d)));
        Assert.All(new[] { envSecrets, args[5], args[7], args[9] }, f => Assert.False(File.Exists(f)));
    }

    [Fact]
    public async Task A_missing_required_values_file_fails_and_leaves_no_plaintext()
    {
        using var dir = new TempDir();
        await TestSops.WriteEncryptedAsync(dir.File("env/prod/secrets.yaml"), $"pw: {DbPassword}\n");
        var e = await Assert.ThrowsAsync<Core.Errors.SecretsKitException>(() =>
            ReleaseInputs.PrepareAsync(Target(Spec([])), dir.Path, new ReleaseDecryption(TestSops.Engine(dir.Path), DecryptOptions.Default, Refs(dir.Path)), CancellationToken.None));
        Assert.Contains("env/prod.yaml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_values_yaml_nests_dotted_names_and_honours_escaped_dots()
    {
        var target = Target(Spec([]));
        var yaml = ReleaseInputs.SetValuesYaml(target, [
            (new SetValue("a.b\\.c", "x"), new ResolvedRef("s3cret", false)),
            (new SetValue("a.n", "x"), new ResolvedRef("42", true)),
        ]);
        Assert.Equal("a:\n  b.c: \"s3cret\"\n  n: 42\n", yaml);
        Assert.Throws<Core.Errors.SecretsKitException>(() => ReleaseInputs.SetValuesYaml(target, [(new SetValue("list[0]", "x"), new ResolvedRef("v", false))]));
    }

    [Fact]
    public void Sensitive_leaves_skip_short_strings_numbers_and_booleans_but_keep_quoted_ones()
    {
        var leaves = SensitiveLeaves.Of("a: abc\nb: 12345\nc: true\nd: \"12345\"\ne: [long-enough, x]\nf: |\n  line-one\n  line-two\n");
        Assert.Equal(["12345", "line-one", "line-one\nline-two\n", "line-two", "long-enough"], leaves.Order(StringComparer.Ordinal));
    }
}
