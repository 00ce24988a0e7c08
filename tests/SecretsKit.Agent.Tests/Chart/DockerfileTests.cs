using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SecretsKit.Testing.Common;

namespace SecretsKit.Agent.Tests.Chart;

/// <summary>
/// deploy/Dockerfile, checked without docker (not usable here): multi-stage SDK build → Native AOT publish → the Debian
/// root filesystem of scripts/release/rootfs.sh → scratch, non-root, and an entrypoint that is the binary the publish
/// step really produces.
/// </summary>
public sealed partial class DockerfileTests
{
    private sealed record Instruction(string Keyword, string Arguments);

    private sealed record Stage(string Image, string? Name, List<Instruction> Instructions);

    private static string Root => SharedFixtures.RepositoryRoot;

    /// <summary>Instructions grouped by stage; line continuations joined, comments and parser directives dropped.</summary>
    private static List<Stage> Parse()
    {
        var stages = new List<Stage>();
        var logical = new List<string>();
        var current = "";
        foreach (var raw in File.ReadAllLines(Path.Combine(Root, "deploy", "Dockerfile")))
        {
            var line = raw.Trim();
            if (current.Length == 0 && (line.Length == 0 || line.StartsWith('#'))) continue;
            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }
            logical.Add(current + line);
            current = "";
        }
        Assert.Equal("", current);
        foreach (var l in logical)
        {
            var space = l.IndexOf(' ', StringComparison.Ordinal);
            var instruction = new Instruction(l[..space].ToUpperInvariant(), l[(space + 1)..].Trim());
            if (instruction.Keyword == "FROM")
            {
                var m = FromLine().Match(instruction.Arguments);
                Assert.True(m.Success, "FROM " + instruction.Arguments);
                stages.Add(new Stage(m.Groups[1].Value, m.Groups[2].Success ? m.Groups[2].Value : null, []));
            }
            else if (instruction.Keyword != "ARG" || stages.Count > 0)
            {
                Assert.NotEmpty(stages);
                stages[^1].Instructions.Add(instruction);
            }
        }
        return stages;
    }

    [Fact]
    public void Stages_are_sdk_build_then_publish_then_release_sh_s_debian_rootfs_then_scratch_runtime()
    {
        var stages = Parse();
        Assert.Equal(["build", "publish", "rootfs", "runtime"], stages.Select(s => s.Name));
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", stages[0].Image, StringComparison.Ordinal);
        Assert.Equal("build", stages[1].Image);
        // the root filesystem scripts/release.sh builds the image from (issue #52), assembled by the same script
        Assert.StartsWith("debian:", stages[2].Image, StringComparison.Ordinal);
        var copyScripts = Assert.Single(stages[2].Instructions, i => i.Keyword == "COPY");
        Assert.Equal("scripts/release/lib.sh scripts/release/rootfs.sh /release/", copyScripts.Arguments);
        Assert.Contains(stages[2].Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("bash /release/rootfs.sh /rootfs", StringComparison.Ordinal));
        Assert.Equal("scratch", stages[3].Image);
        var publish = Assert.Single(stages[1].Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains("src/SecretsKit.Agent/SecretsKit.Agent.csproj", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("--self-contained", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("-o /app", publish.Arguments, StringComparison.Ordinal);
        Assert.DoesNotContain(stages[3].Instructions, i => i.Keyword == "RUN");
    }

    [Fact]
    public void Agent_is_published_native_aot_like_bench_aot_publish_with_aot_warnings_as_errors()
    {
        var stages = Parse();
        Assert.EndsWith("-aot", stages[0].Image, StringComparison.Ordinal);
        var restore = Assert.Single(stages[0].Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        Assert.Contains("-p:PublishAot=true", restore.Arguments, StringComparison.Ordinal);
        var publish = Assert.Single(stages[1].Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains("-p:PublishAot=true", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("-p:TrimmerSingleWarn=false", publish.Arguments, StringComparison.Ordinal);
        Assert.DoesNotContain("WarningsNotAsErrors", publish.Arguments, StringComparison.Ordinal);
        var script = File.ReadAllText(Path.Combine(Root, "bench", "aot", "publish.sh"));
        Assert.Contains("SecretsKit.Agent/SecretsKit.Agent.csproj", script, StringComparison.Ordinal);
        Assert.Contains("-p:PublishAot=true", script, StringComparison.Ordinal);
        Assert.Contains("-p:TrimmerSingleWarn=false", script, StringComparison.Ordinal);
        Assert.DoesNotContain("WarningsNotAsErrors", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Runtime_stage_runs_as_uid_65532_and_enters_the_published_agent_binary()
    {
        var runtime = Parse()[^1];
        var user = Assert.Single(runtime.Instructions, i => i.Keyword == "USER");
        Assert.Equal("65532:65532", user.Arguments);
        var entrypoint = Assert.Single(runtime.Instructions, i => i.Keyword == "ENTRYPOINT");
        var argv = JsonSerializer.Deserialize(entrypoint.Arguments, DockerJsonContext.Default.StringArray)!;
        var assemblyName = XDocument.Load(Path.Combine(Root, "src", "SecretsKit.Agent", "SecretsKit.Agent.csproj"))
            .Descendants("AssemblyName").Single().Value;
        Assert.Equal(["/app/" + assemblyName], argv);
        Assert.Equal(["--from=rootfs /rootfs/ /", "--from=publish /app/ /app/"],
            runtime.Instructions.Where(i => i.Keyword == "COPY").Select(i => i.Arguments));
        Assert.Contains(runtime.Instructions, i => i.Keyword == "ENV" && i.Arguments.Contains("SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt", StringComparison.Ordinal));
        Assert.Contains(runtime.Instructions, i => i.Keyword == "ENV" && i.Arguments.Contains("DOTNET_EnableDiagnostics=0", StringComparison.Ordinal));
        var cmd = Assert.Single(runtime.Instructions, i => i.Keyword == "CMD");
        var args = JsonSerializer.Deserialize(cmd.Arguments, DockerJsonContext.Default.StringArray)!;
        var parsed = SecretsKit.Agent.Hosting.AgentCommandLine.Parse(args);
        Assert.Equal("secretskit", parsed.Options.ControllerClass);
        Assert.Contains(runtime.Instructions, i => i.Keyword == "EXPOSE" && i.Arguments == parsed.MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Build_stage_copies_every_project_the_agent_references_and_nothing_missing()
    {
        var build = Parse()[0];
        var copied = build.Instructions.Where(i => i.Keyword == "COPY").SelectMany(i => i.Arguments.Split(' ')[..^1]).ToList();
        foreach (var source in copied) Assert.True(File.Exists(Path.Combine(Root, source)) || Directory.Exists(Path.Combine(Root, source)), source + " does not exist");
        var needed = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(["src/SecretsKit.Agent/SecretsKit.Agent.csproj"]);
        while (queue.TryDequeue(out var project))
        {
            if (!needed.Add(project)) continue;
            var dir = Path.GetDirectoryName(project)!;
            foreach (var reference in XDocument.Load(Path.Combine(Root, project)).Descendants("ProjectReference"))
            {
                queue.Enqueue(Path.GetRelativePath(Root, Path.GetFullPath(Path.Combine(Root, dir, reference.Attribute("Include")!.Value))).Replace('\\', '/'));
            }
        }
        foreach (var project in needed)
        {
            Assert.Contains(project, copied);
            Assert.Contains(Path.GetDirectoryName(project)!.Replace('\\', '/') + "/", copied);
        }
    }

    /// <summary>bench/aot/publish.sh's logical lines (continuations joined).</summary>
    private static List<string> PublishScriptLines()
    {
        var lines = new List<string>();
        var current = "";
        foreach (var raw in File.ReadAllLines(Path.Combine(Root, "bench", "aot", "publish.sh")))
        {
            var line = raw.Trim();
            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }
            lines.Add(current + line);
            current = "";
        }
        return lines;
    }

    [Fact]
    public void Publish_stage_runs_bench_aot_publish_s_agent_publish_properties_and_its_smoke_checks()
    {
        var script = PublishScriptLines();
        var publishStage = Parse()[1].Instructions.Where(i => i.Keyword == "RUN").ToList();
        var dockerPublish = Assert.Single(publishStage, i => i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var scriptPublish = Assert.Single(script, l => l.Contains("dotnet publish \"$root/src/$project\"", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(script, l => l.StartsWith("for project in", StringComparison.Ordinal) && l.Contains("SecretsKit.Agent/SecretsKit.Agent.csproj", StringComparison.Ordinal));

        // every MSBuild property and the configuration of the script's publish, except the framework switch (the
        // Dockerfile builds the default net10.0 the script also defaults to)
        var properties = scriptPublish.Where(t => t.StartsWith("-p:", StringComparison.Ordinal) && !t.StartsWith("-p:SecretsKitAotFramework=", StringComparison.Ordinal)).ToList();
        Assert.Contains("-p:PublishAot=true", properties);
        foreach (var property in properties) Assert.Contains(property, dockerPublish);
        Assert.Equal(scriptPublish[Array.IndexOf(scriptPublish, "-c") + 1], dockerPublish[Array.IndexOf(dockerPublish, "-c") + 1]);

        // every smoke check the script runs on the native agent, run on the image's binary
        var checks = script.Select(l => SmokeCheck().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["--version", "--help", "--no-such-flag"], checks);
        var dockerChecks = string.Join(" ", publishStage.Select(i => i.Arguments));
        foreach (var check in checks) Assert.Contains("/app/secretskit-agent " + check, dockerChecks, StringComparison.Ordinal);
        Assert.Contains("if /app/secretskit-agent --no-such-flag", dockerChecks, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\$out/secretskit-agent"" (--[a-z-]+)")]
    private static partial Regex SmokeCheck();

    [GeneratedRegex(@"^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();
}
