using System.Collections.Concurrent;
using System.Text;
using SecretsKit.Cli.Tests.Release.Promotion;
using SecretsKit.Core.Age;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.KeyManagement;

/// <summary>
/// <c>secretskit clone</c> through the real process: a prod secrets file copied to a new environment's path is encrypted
/// for that path's rule only (the prod key cannot open it, the new one can, under a new data key), and while it runs and
/// after it, no file under <c>$TMPDIR</c>, <c>$HOME</c> or the work tree holds a secret value, plain or base64 (every file
/// created or changed is read as the change is seen, through inotify, and every file is swept afterwards).
/// <c>--keys-only</c> needs no key and writes <c>CHANGE_ME</c> for every value.
/// </summary>
public sealed class CloneCliTests : IDisposable
{
    private readonly TempDir _dir = new("sk-clone-");
    private readonly string[] _secrets = [$"prod-db-password-{Guid.NewGuid():N}", $"prod-api-token-{Guid.NewGuid():N}"];

    private string Work => _dir.File("work");

    private string Tmp => _dir.File("tmp");

    private string Home => _dir.File("home");

    public void Dispose() => _dir.Dispose();

    private async Task<(string Prod, string Qa)> SetUpAsync()
    {
        foreach (var d in new[] { Work, Tmp, Home, _dir.File("keys") }) Directory.CreateDirectory(d);
        var prod = await AgeKeyAsync("prod");
        var qa = await AgeKeyAsync("qa");
        _dir.Write("work/.sops.yaml", $"creation_rules:\n  - path_regex: ^secrets/prod/\n    age: {prod}\n  - path_regex: ^secrets/qa/\n    age: {qa}\n");
        var source = _dir.Write("work/secrets/prod/secrets.yaml",
            $"# the database\ndatabase:\n  password: {_secrets[0]}\n  port: 5432\napiToken: {_secrets[1]}\nreplicas: [1, 2]\n");
        var enc = await CliRunner.RunAsync(["encrypt", "-i", source], cwd: Work);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        return (prod, qa);
    }

    private async Task<string> AgeKeyAsync(string name)
    {
        var r = await ProcessRun.RunAsync("age-keygen", ["-o", _dir.File($"keys/{name}.txt")]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return File.ReadAllLines(_dir.File($"keys/{name}.txt")).Single(l => l.StartsWith("# public key: ", StringComparison.Ordinal))["# public key: ".Length..];
    }

    private Dictionary<string, string?> Env(string? key) => new() { ["SOPS_AGE_KEY_FILE"] = key is null ? null : _dir.File($"keys/{key}.txt"), ["TMPDIR"] = Tmp, ["HOME"] = Home };

    /// <summary>Each secret value and its base64 form.</summary>
    private IEnumerable<string> Forms => _secrets.SelectMany(s => new[] { s, Convert.ToBase64String(Encoding.UTF8.GetBytes(s)) });

    [Fact]
    public async Task Clone_encrypts_for_the_target_rule_only_with_a_fresh_data_key_and_no_plaintext_reaches_tmp_home_or_the_work_tree()
    {
        var (_, qa) = await SetUpAsync();
        using var watch = new PlaintextWatch([Tmp, Home, Work], Forms);

        var clone = await CliRunner.RunAsync(["clone", "secrets/prod/secrets.yaml", "secrets/qa/secrets.yaml"], Env("prod"), cwd: Work);

        Assert.True(clone.ExitCode == 0, clone.Stderr);
        Assert.Empty(clone.StdoutText + clone.Stderr);
        var seen = watch.Stop();
        Assert.Empty(seen.Leaks);
        Assert.Contains(seen.Read, p => p == Path.Combine(Work, "secrets", "qa", "secrets.yaml"));
        Assert.All(seen.Vanished, p => Assert.Matches(@"(^|/)(\.secrets\.yaml\.[0-9a-f]{32}\.tmp|dotnet-diagnostic-[^/]*|clr-debug-pipe-[^/]*)$", p));
        Assert.Empty(PlaintextSweep.Find([Tmp, Home, Work], _secrets, allowPrivateDirectories: false));

        var target = _dir.File("work/secrets/qa/secrets.yaml");
        var text = File.ReadAllText(target);
        Assert.Contains($"recipient: {qa}", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), l => l.TrimStart().StartsWith("recipient:", StringComparison.Ordinal));
        // the target's key opens it, with the source's values and layout; the source's key does not
        var withQa = await CliRunner.RunAsync(["decrypt", "secrets/qa/secrets.yaml"], Env("qa"), cwd: Work);
        Assert.True(withQa.ExitCode == 0, withQa.Stderr);
        Assert.Equal($"# the database\ndatabase:\n    password: {_secrets[0]}\n    port: 5432\napiToken: {_secrets[1]}\nreplicas:\n    - 1\n    - 2\n", withQa.StdoutText);
        var withProd = await CliRunner.RunAsync(["decrypt", "secrets/qa/secrets.yaml"], Env("prod"), cwd: Work);
        Assert.NotEqual(0, withProd.ExitCode);
        Assert.DoesNotContain(_secrets[0], withProd.StdoutText + withProd.Stderr, StringComparison.Ordinal);
        // a data key of its own: the two files' data keys differ
        var (sourceKey, targetKey) = (await DataKeyAsync("secrets/prod/secrets.yaml", "prod"), await DataKeyAsync("secrets/qa/secrets.yaml", "qa"));
        Assert.NotEqual(Convert.ToHexString(sourceKey), Convert.ToHexString(targetKey));
    }

    [Fact]
    public async Task Keys_only_needs_no_key_and_writes_change_me_for_every_value()
    {
        await SetUpAsync();
        using var watch = new PlaintextWatch([Tmp, Home, Work], Forms);

        var clone = await CliRunner.RunAsync(["clone", "--keys-only", "secrets/prod/secrets.yaml", "secrets/qa/secrets.yaml"], Env(null), cwd: Work);

        Assert.True(clone.ExitCode == 0, clone.Stderr);
        Assert.Empty(watch.Stop().Leaks);
        var plain = await CliRunner.RunAsync(["decrypt", "secrets/qa/secrets.yaml"], Env("qa"), cwd: Work);
        Assert.True(plain.ExitCode == 0, plain.Stderr);
        Assert.Equal("database:\n    password: CHANGE_ME\n    port: CHANGE_ME\napiToken: CHANGE_ME\nreplicas:\n    - CHANGE_ME\n    - CHANGE_ME\n", plain.StdoutText);
    }

    [Fact]
    public async Task An_existing_target_or_a_path_no_rule_matches_is_refused_and_nothing_is_written()
    {
        await SetUpAsync();
        var existing = _dir.Write("work/secrets/qa/secrets.yaml", "keep: me\n");
        var refused = await CliRunner.RunAsync(["clone", "secrets/prod/secrets.yaml", "secrets/qa/secrets.yaml"], Env("prod"), cwd: Work);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("secrets/qa/secrets.yaml already exists", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("keep: me\n", File.ReadAllText(existing));

        var unruled = await CliRunner.RunAsync(["clone", "secrets/prod/secrets.yaml", "elsewhere/secrets.yaml"], Env("prod"), cwd: Work);
        Assert.Equal(1, unruled.ExitCode);
        Assert.Contains("no matching creation rules", unruled.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Work, "elsewhere")));
    }

    private async Task<byte[]> DataKeyAsync(string file, string key)
    {
        var environment = new MapEnvironment(new Dictionary<string, string> { ["SOPS_AGE_KEY_FILE"] = _dir.File($"keys/{key}.txt") }, Tmp, Work);
        var engine = new SopsEngine(new KeySourceRegistry().Register(new AgeKeySource(new KeySourceContext(environment, SystemProcessRunner.Instance, TimeProvider.System))), TimeProvider.System);
        var document = FormatRegistry.Create("yaml").ParseEncrypted(await File.ReadAllBytesAsync(Path.Combine(Work, file)));
        return (await engine.DecryptAsync(document, file)).DataKey;
    }

    /// <summary>
    /// inotify watches (FileSystemWatcher) on directory trees: each file created, changed or renamed is read at once and
    /// searched for the forms; a file gone before it could be read is listed as vanished.
    /// </summary>
    private sealed class PlaintextWatch : IDisposable
    {
        private readonly List<FileSystemWatcher> _watchers = [];
        private readonly string[] _forms;
        private readonly ConcurrentBag<string> _leaks = [];
        private readonly ConcurrentBag<string> _read = [];
        private readonly ConcurrentBag<string> _vanished = [];

        public PlaintextWatch(IEnumerable<string> roots, IEnumerable<string> forms)
        {
            _forms = [.. forms];
            foreach (var root in roots)
            {
                var w = new FileSystemWatcher(root) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
                w.Created += (_, e) => Look(e.FullPath);
                w.Changed += (_, e) => Look(e.FullPath);
                w.Renamed += (_, e) => Look(e.FullPath);
                w.EnableRaisingEvents = true;
                _watchers.Add(w);
            }
        }

        private void Look(string path)
        {
            try
            {
                if (Directory.Exists(path)) return;
                var text = Encoding.UTF8.GetString(File.ReadAllBytes(path));
                _read.Add(path);
                if (_forms.Any(f => text.Contains(f, StringComparison.Ordinal))) _leaks.Add(path);
            }
            catch (FileNotFoundException)
            {
                _vanished.Add(path);
            }
            catch (IOException)
            {
                _vanished.Add(path); // a socket or a file being replaced: named, so the test can tell which
            }
        }

        public (IReadOnlyList<string> Leaks, IReadOnlyList<string> Read, IReadOnlyList<string> Vanished) Stop()
        {
            foreach (var w in _watchers) w.EnableRaisingEvents = false;
            return ([.. _leaks], [.. _read], [.. _vanished]);
        }

        public void Dispose()
        {
            foreach (var w in _watchers) w.Dispose();
        }
    }
}
