using SecretsKit.Core.Age;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Release.Promotion;
using SecretsKit.Deploy.Release.Recipients;
using SecretsKit.Deploy.Release.State;
using SecretsKit.Testing.Common;

namespace SecretsKit.Deploy.Tests.Release.Recipients;

/// <summary>
/// <see cref="EnvironmentRecipients.CheckAsync"/>, the function <c>release lint</c> and the promotion gate
/// <c>recipients: isolated</c> call: an environment's secrets files (its <c>secrets:</c> and its releases' SOPS files)
/// against their rules and against the other environments of the promotion file, with no private key in reach.
/// </summary>
public sealed class EnvironmentRecipientsTests : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new("sk-env-recipients-");
    private readonly Dictionary<string, string> _age = [];

    public async Task InitializeAsync()
    {
        foreach (var env in new[] { "dev", "prod", "ops" })
        {
            var file = _dir.File($"{env}.key");
            var r = await ProcessRun.RunAsync("age-keygen", ["-o", file]);
            Assert.True(r.ExitCode == 0, r.Stderr);
            _age[env] = File.ReadAllLines(file).Single(l => l.StartsWith("# public key: ", StringComparison.Ordinal))["# public key: ".Length..];
        }
        _dir.Write("helmfile.yaml", "environments:\n  dev: {secrets: [env/dev.yaml]}\n  prod: {secrets: [env/prod.yaml]}\n---\nreleases:\n"
            + "  - {name: api, namespace: shop, chart: ./chart, labels: {tier: api}, secrets: [\"api/{{ .Environment.Name }}.yaml\"]}\n"
            + "  - {name: web, namespace: shop, chart: ./chart, labels: {tier: web}, values: [\"web/{{ .Environment.Name }}.yaml\"]}\n");
        foreach (var env in new[] { "dev", "prod" })
        {
            foreach (var file in new[] { $"env/{env}.yaml", $"api/{env}.yaml", $"web/{env}.yaml" }) await WriteAsync(file, _age[env]);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _dir.Dispose();

    private void Rules(string prodExtra = "") =>
        _dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: dev\n    age: {_age["dev"]}\n  - path_regex: prod\n    age: {_age["prod"]}{prodExtra}\n");

    /// <summary>Encrypts a small values file to <paramref name="recipients"/> (comma-separated) in-process.</summary>
    private async Task WriteAsync(string relative, string recipients)
    {
        var engine = Engine();
        var keys = recipients.Split(',').Select(r => engine.Registry.Get("age").Parse(r, KeyParseOptions.None)).ToList();
        var format = FormatRegistry.Create("yaml");
        var encrypted = await engine.EncryptAsync(format.ParsePlain("token: value-of-the-test-0001\n"u8.ToArray()), new EncryptionSettings([keys]));
        Directory.CreateDirectory(Path.GetDirectoryName(_dir.File(relative))!);
        await File.WriteAllBytesAsync(_dir.File(relative), encrypted.Emit(format));
    }

    /// <summary>No key at all in this environment: the check must not need one.</summary>
    private SopsEngine Engine()
    {
        var environment = new MapEnvironment(new Dictionary<string, string>(), Path.GetTempPath(), _dir.Path);
        return new SopsEngine(new KeySourceRegistry().Register(new AgeKeySource(new KeySourceContext(environment, SystemProcessRunner.Instance, TimeProvider.System))), TimeProvider.System);
    }

    private Task<IReadOnlyList<RecipientFinding>> CheckAsync(string environment, string[]? selectors = null)
    {
        var environmentVariables = new MapEnvironment(new Dictionary<string, string>(), Path.GetTempPath(), _dir.Path);
        var options = new StateLoadOptions("whatever", [], [], false, environmentVariables, SystemProcessRunner.Instance,
            new ReleaseDecryption(Engine(), DecryptOptions.Default, null));
        var promotion = PromotionFileReader.Read(_dir.Write("secretskit-promotion.yaml", "stages:\n  - {name: dev, environments: [dev]}\n  - {name: prod, environments: [prod], from: dev}\n"), "secretskit-promotion.yaml");
        var state = new RecipientState([_dir.File("helmfile.yaml")], options) { Selectors = selectors ?? [] };
        return EnvironmentRecipients.CheckAsync(state, environment, promotion, CancellationToken.None);
    }

    [Fact]
    public async Task One_key_per_environment_passes_for_each_environment()
    {
        Rules();
        Assert.Empty(await CheckAsync("prod"));
        Assert.Empty(await CheckAsync("dev"));
    }

    [Fact]
    public async Task Environment_secrets_release_secrets_and_encrypted_release_values_are_all_checked_and_the_selectors_narrow_the_releases()
    {
        Rules();
        foreach (var file in new[] { "env/prod.yaml", "api/prod.yaml", "web/prod.yaml" }) await WriteAsync(file, $"{_age["prod"]},{_age["dev"]}");

        var findings = await CheckAsync("prod");

        Assert.Equal(["env/prod.yaml", "api/prod.yaml", "web/prod.yaml"], findings.Select(f => f.Path));
        Assert.All(findings, f => Assert.Equal((RecipientFinding.Outside, "age " + _age["dev"]), (f.Id, f.Recipient)));
        Assert.Equal(["env/prod.yaml", "web/prod.yaml"], (await CheckAsync("prod", ["tier=web"])).Select(f => f.Path));
        Assert.Empty(await CheckAsync("dev"));
    }

    [Fact]
    public async Task A_key_in_both_environments_rules_is_reported_for_each_side_unless_both_rules_mark_it_shared()
    {
        _dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: dev\n    age: {_age["dev"]},{_age["ops"]}\n  - path_regex: prod\n    age: {_age["prod"]},{_age["ops"]}\n");
        foreach (var env in new[] { "dev", "prod" })
        {
            foreach (var file in new[] { $"env/{env}.yaml", $"api/{env}.yaml", $"web/{env}.yaml" }) await WriteAsync(file, $"{_age[env]},{_age["ops"]}");
        }

        var prod = Assert.Single(await CheckAsync("prod"));
        Assert.Equal((RecipientFinding.Shared, "env/prod.yaml", "age " + _age["ops"]), (prod.Id, prod.Path, prod.Recipient));
        Assert.Contains("(read by prod: env/prod.yaml) and in creation_rules[0] (path_regex 'dev') of .sops.yaml (read by dev: env/dev.yaml): a dev key can read prod's secrets", prod.Message, StringComparison.Ordinal);
        Assert.Equal("env/dev.yaml", Assert.Single(await CheckAsync("dev")).Path);

        _dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: dev\n    age: {_age["dev"]},{_age["ops"]}\n    scan: {{shared_recipients: [{_age["ops"]}]}}\n"
            + $"  - path_regex: prod\n    age: {_age["prod"]},{_age["ops"]}\n    scan: {{shared_recipients: [{_age["ops"]}]}}\n");
        Assert.Empty(await CheckAsync("prod"));
    }

    [Fact]
    public async Task A_file_no_rule_matches_is_SK_RECIPIENT_001_for_each_of_its_keys_and_a_broken_rule_is_an_error_not_a_finding()
    {
        Rules();
        await WriteAsync("misc/shared.yaml", $"{_age["ops"]},{_age["prod"]}");
        _dir.Write("helmfile.yaml", File.ReadAllText(_dir.File("helmfile.yaml")).Replace("prod: {secrets: [env/prod.yaml]}", "prod: {secrets: [env/prod.yaml, misc/shared.yaml]}", StringComparison.Ordinal));

        var findings = await CheckAsync("prod");

        Assert.Equal(new[] { ("misc/shared.yaml", "age " + _age["ops"]), ("misc/shared.yaml", "age " + _age["prod"]) }.Order(), findings.Select(f => (f.Path, f.Recipient)).Order());
        Assert.All(findings, f => Assert.Equal(RecipientFinding.Outside, f.Id));
        Assert.All(findings, f => Assert.Contains("no creation rule of .sops.yaml matches its path", f.Message, StringComparison.Ordinal));

        Rules("\n    encrypted_regex: ^token$\n    unencrypted_regex: ^name$");
        var broken = await Assert.ThrowsAsync<SecretsKit.Core.Errors.SecretsKitException>(() => CheckAsync("prod"));
        Assert.Contains("sets more than one of", broken.Message, StringComparison.Ordinal);
    }
}
