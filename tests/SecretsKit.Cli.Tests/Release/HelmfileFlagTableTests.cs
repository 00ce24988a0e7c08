using SecretsKit.Cli.Context;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// docs/migrate-from-helmfile.md's table of helmfile flags against both sides: helmfile v1.7.4's own flag definitions
/// (extracted by tests/peers/helmfile-flags.sh; without them that test is skipped with the reason) — every flag and
/// shorthand is in the table with helmfile's verbs — and <c>secretskit release</c> itself — a supported flag (and its
/// shorthand) is in the <c>--help</c> of every verb helmfile gives it that SecretsKit has, an equivalent or not offered
/// one is refused before anything runs, naming the flag and, for an equivalent, the SecretsKit way the table names.
/// </summary>
public sealed class HelmfileFlagTableTests
{
    /// <summary>The verbs of <c>secretskit release</c>.</summary>
    private static readonly string[] OurVerbs =
        ["lint", "template", "diff", "apply", "sync", "test", "unittest", "destroy", "rollback", "status", "list", "build", "show-dag"];

    private sealed class PeerFactAttribute : FactAttribute
    {
        public PeerFactAttribute()
        {
            if (HelmfileFlagTable.PeerDirectory() is null)
                Skip = "helmfile's sources are not extracted: run tests/peers/helmfile-flags.sh (developer-run; CI reaches no source of them)";
        }
    }

    private static IEnumerable<string> OurVerbsOf(HelmfileFlagTable.Row row) =>
        row.Verbs.Contains("all") ? OurVerbs : OurVerbs.Where(row.Verbs.Contains);

    [PeerFact]
    public void Every_helmfile_flag_and_shorthand_is_in_the_table_with_helmfiles_verbs()
    {
        var peer = HelmfileFlagTable.FromPeer(HelmfileFlagTable.PeerDirectory()!);
        var rows = HelmfileFlagTable.FromDocs().ToDictionary(r => r.Name, StringComparer.Ordinal);

        Assert.True(peer.Count > 90, $"only {peer.Count} flags read from helmfile's cmd/: the extraction broke");
        Assert.Empty(peer.Keys.Select(n => "--" + n).Except(rows.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(rows.Keys.Except(peer.Keys.Select(n => "--" + n)).Order(StringComparer.Ordinal));
        foreach (var (name, flag) in peer)
        {
            var row = rows["--" + name];
            var verbs = flag.Verbs.Contains("all") ? new HashSet<string>(["all"]) : flag.Verbs;
            Assert.True(verbs.SetEquals(row.Verbs), $"--{name}: helmfile's verbs {string.Join(", ", verbs.Order())}, the table's {string.Join(", ", row.Verbs.Order())}");
            Assert.True(flag.Shorthands.SetEquals(row.Flags.Skip(1)), $"--{name}: helmfile's shorthands {string.Join(" ", flag.Shorthands)}, the table's {string.Join(" ", row.Flags.Skip(1))}");
        }
    }

    [Fact]
    public async Task A_supported_flag_is_in_the_help_of_each_of_its_verbs()
    {
        var rows = HelmfileFlagTable.FromDocs();
        Assert.True(rows.Count > 90, $"only {rows.Count} rows read from the table");
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var verb in OurVerbs)
        {
            var r = await CliRunner.RunAsync(["release", verb, "--help"]);
            Assert.True(r.ExitCode == 0, r.Stderr);
            helps[verb] = r.StdoutText;
        }
        foreach (var row in rows.Where(r => r.Status == "supported"))
        {
            foreach (var verb in OurVerbsOf(row))
            {
                // a shorthand counts where helmfile gives it on that verb: global ones on every verb (-o is create's only)
                foreach (var flag in row.Flags.Where(f => f.StartsWith("--", StringComparison.Ordinal) || row.Verbs.Contains("all")))
                {
                    Assert.True(HelpLists(helps[verb], flag), $"{flag} is supported by the table but not in 'secretskit release {verb} --help'");
                }
            }
        }
    }

    [Fact]
    public async Task An_equivalent_or_not_offered_flag_is_refused_before_anything_runs_naming_the_secretskit_way()
    {
        using var dir = new TempDir();
        foreach (var row in HelmfileFlagTable.FromDocs().Where(r => r.Status != "supported"))
        {
            if (OurVerbsOf(row).FirstOrDefault() is not { } verb) continue; // only verbs SecretsKit does not have
            foreach (var flag in row.Flags)
            {
                var (code, stderr) = await RunInProcessAsync(dir.Path, ["release", verb, flag, .. TakesValue(flag) ? new[] { "x" } : []]);
                Assert.True(code == 1, $"release {verb} {flag}: exit {code}\n{stderr}");
                Assert.Contains($"{row.Name} is helmfile's and secretskit release does not offer it", stderr, StringComparison.Ordinal);
                if (row.Equivalent is { } equivalent) Assert.Contains(equivalent, stderr, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>Whether <c>--help</c> shows the flag as an option (at the start of an option line, or after its other spelling).</summary>
    private static bool HelpLists(string help, string flag) =>
        help.Split('\n').Any(l => l.TrimStart().StartsWith(flag + " ", StringComparison.Ordinal) || l.TrimStart().StartsWith(flag + ",", StringComparison.Ordinal)
            || l.Contains(", " + flag + " ", StringComparison.Ordinal) || l.TrimEnd().EndsWith(", " + flag, StringComparison.Ordinal)
            || l.Contains(", " + flag + ",", StringComparison.Ordinal) || l.TrimStart().StartsWith(flag + " <", StringComparison.Ordinal));

    private static bool TakesValue(string flag) =>
        SecretsKit.Cli.Commands.Deploy.ReleaseRefusedFlags.Table.Single(t => t.Name == flag || t.Short == flag).Value;

    /// <summary>The CLI's own entry point in this process (no helm, no state file: a refused flag stops the run first).</summary>
    private static async Task<(int Code, string Stderr)> RunInProcessAsync(string cwd, string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var environment = new MapEnvironment(new Dictionary<string, string>(StringComparer.Ordinal), cwd, cwd);
        var context = new CliContext(environment, SystemProcessRunner.Instance, TimeProvider.System, Stream.Null, stdout, stderr);
        var code = await CliApp.RunAsync(args, context);
        return (code, stderr.ToString());
    }
}
