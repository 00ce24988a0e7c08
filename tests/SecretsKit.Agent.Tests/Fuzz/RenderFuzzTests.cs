using System.Diagnostics;
using SecretsKit.Agent.Tests.Render;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Fuzz;

namespace SecretsKit.Agent.Tests.Fuzz;

/// <summary>
/// The seeded fuzz slice of <c>secretskit-agent render -f DIR</c> (the real process, under a 512 MiB heap limit): per
/// seed, a directory of manifests mutated by <see cref="YamlMutator"/> (ExternalSecrets with templates and dataFrom,
/// namespaced stores, Secrets, Lists, ClusterExternalSecrets), a special file (a link to <c>/dev/zero</c>, a FIFO, a
/// dangling link, a link loop, a directory named <c>*.yaml</c>), and a valid ExternalSecret read after all of them. The
/// valid one must still render, the run must end within 60 s with the documented exit code (0 or 1), and nothing may
/// print a stack trace, an internal error or a line over 2,500 characters. The campaign: bench/fuzz-targets.sh.
/// </summary>
public sealed class RenderFuzzTests
{
    /// <summary>Seeds in CI; each is one render of 8 mutated files plus the special file and the sentinel.</summary>
    private const int CiSeeds = 12;

    private const int FilesPerSeed = 8;

    private const string Store = """
        apiVersion: external-secrets.io/v1
        kind: ClusterSecretStore
        metadata: {name: shared}
        spec:
          provider: {fake: {data: [{key: k, value: v}, {key: j, value: '{"a": "b", "n": 5}'}]}}
        """;

    private static readonly string[] Bases =
    [
        """
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata:
          name: es-NAME
          namespace: team-NAME
          labels: {app: web}
        spec:
          refreshInterval: 1h
          secretStoreRef:
            name: shared
            kind: ClusterSecretStore
          target:
            name: out-NAME
            creationPolicy: Owner
            template:
              engineVersion: v2
              data:
                url: "postgres://{{ .k }}@db/{{ .j | fromJson | dig \"a\" \"\" }}"
          data:
            - secretKey: k
              remoteRef: {key: k}
          dataFrom:
            - extract: {key: j}
              rewrite:
                - regexp: {source: "^a$", target: "b"}
        """,
        """
        apiVersion: external-secrets.io/v1
        kind: SecretStore
        metadata:
          name: local-NAME
          namespace: team-NAME
        spec:
          provider:
            fake:
              data:
                - key: k
                  value: v
        ---
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata: {name: es-NAME, namespace: team-NAME}
        spec:
          secretStoreRef: {name: local-NAME}
          data: [{secretKey: k, remoteRef: {key: k}}]
        """,
        """
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: Secret
            metadata: {name: tpl-NAME, namespace: team-NAME}
            stringData: {t: "{{ .k | upper }}"}
          - apiVersion: external-secrets.io/v1
            kind: ExternalSecret
            metadata: {name: es-NAME, namespace: team-NAME}
            spec:
              secretStoreRef: {name: shared, kind: ClusterSecretStore}
              target:
                template:
                  templateFrom:
                    - secret: {name: tpl-NAME, items: [{key: t}]}
              data: [{secretKey: k, remoteRef: {key: k}}]
        """,
        """
        apiVersion: external-secrets.io/v1
        kind: ClusterExternalSecret
        metadata: {name: ces-NAME}
        spec:
          namespaceSelectors:
            - matchLabels: {team: NAME}
          externalSecretName: es-NAME
          externalSecretSpec:
            secretStoreRef: {name: shared, kind: ClusterSecretStore}
            data: [{secretKey: k, remoteRef: {key: k}}]
        """,
    ];

    private static readonly string[] Specials = ["zero", "fifo", "dangling", "loop", "directory", "none"];

    [Fact]
    public async Task Mutated_manifest_directories_render_the_valid_object_and_refuse_the_rest_cleanly()
    {
        var report = await FuzzCampaign.RunAsync(CiSeeds, CheckAsync);
        Assert.True(report is null, report);
    }

    private static async Task<string?> CheckAsync(int seed)
    {
        using var home = new TempDir();
        var dir = Path.Combine(home.Path, "m");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "a-store.yaml"), Store);
        var classes = new List<string>();
        for (var i = 0; i < FilesPerSeed; i++)
        {
            var name = $"{seed}-{i}";
            var (bytes, applied) = YamlMutator.Mutate(Bases[(seed + i) % Bases.Length].Replace("NAME", name, StringComparison.Ordinal), seed * FilesPerSeed + i);
            File.WriteAllBytes(Path.Combine(dir, $"m-{i}.yaml"), bytes);
            classes.Add(applied);
        }
        var special = Specials[seed % Specials.Length];
        var specialPath = Path.Combine(dir, "s-special.yaml");
        switch (special)
        {
            case "zero": File.CreateSymbolicLink(specialPath, "/dev/zero"); break;
            case "fifo": Assert.Equal(0, (await ProcessRun.RunAsync("mkfifo", [specialPath])).ExitCode); break;
            case "dangling": File.CreateSymbolicLink(specialPath, Path.Combine(dir, "nowhere.yaml")); break;
            case "loop": File.CreateSymbolicLink(specialPath, specialPath); break;
            case "directory": Directory.CreateDirectory(specialPath); break;
        }
        File.WriteAllText(Path.Combine(dir, "z-sentinel.yaml"), """
            apiVersion: external-secrets.io/v1
            kind: ExternalSecret
            metadata: {name: sentinel, namespace: sentinel}
            spec:
              secretStoreRef: {name: shared, kind: ClusterSecretStore}
              data: [{secretKey: k, remoteRef: {key: k}}]
            """);

        var clock = Stopwatch.StartNew();
        ProcessRun.Result r;
        try
        {
            r = await AgentRender.RunAsync(home.Path, ["-f", dir], TimeSpan.FromSeconds(60), heapLimit: FuzzCampaign.HeapLimit);
        }
        catch (TimeoutException)
        {
            return $"({special}; {string.Join(", ", classes)}) no answer within 60 s";
        }
        var what = $"({special}; {string.Join(", ", classes)}) exit {r.ExitCode} after {clock.ElapsedMilliseconds} ms";
        if (r.ExitCode is not (0 or 1)) return $"{what}: not the documented exit code; stderr: {Echo(r.Stderr)}";
        if (FuzzCampaign.OutputProblem(r.StdoutText + "\n" + r.Stderr) is { } problem) return $"{what}: {problem}; stderr: {Echo(r.Stderr)}";
        if (!r.StdoutText.Split('\n').Contains("# ExternalSecret sentinel/sentinel: SecretSynced"))
        {
            return $"{what}: the valid ExternalSecret was not rendered; stdout: {Echo(r.StdoutText)}";
        }
        if (special != "none" && special != "directory" && !r.StdoutText.Contains($"# {specialPath}: not synced: ", StringComparison.Ordinal))
        {
            return $"{what}: no not-synced line for the {special} file";
        }
        return null;
    }

    private static string Echo(string text) => text.Length <= 600 ? text : text[..600] + "…";
}
