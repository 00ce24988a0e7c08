using System.Text;
using SecretsKit.Core.Formats.Json;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Operations;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// <c>render --secrets-as sops-secret</c> against kustomize-controller v1.9.4's own rules, compiled from its source by
/// <c>tests/peers/flux-decryptor.sh</c> (which names the program in <c>SECRETSKIT_FLUX_RULES</c>; skipped otherwise): every
/// rendered Secret is what its <c>IsEncryptedSecret</c> and <c>isSOPSEncryptedResource</c> accept, within its
/// <c>maxEncryptedFileSize</c>, as Flux reads a resource (JSON); two negative controls made with <c>secretskit encrypt</c>
/// (metadata encrypted; a ConfigMap) are what it refuses or decrypts into a non-Secret, and <see cref="FluxDecryption"/>
/// agrees with the peer on all of them.
/// </summary>
public sealed class FluxDecryptorPeerTests
{
    public const string Variable = "SECRETSKIT_FLUX_RULES";

    [PeerFact]
    public async Task Every_sops_secret_document_passes_kustomize_controllers_own_decryption_rules()
    {
        await using var sandbox = new SealedSandbox();
        await sandbox.EncryptSecretsAsync();
        using var scratch = new TempDir("sk-flux-peer-");
        var render = await sandbox.CliAsync(["release", "render", "--out", "rendered", "--secrets-as", "sops-secret", "--age", TestKeys.AgeRecipient]);
        Assert.True(render.ExitCode == 0, render.Stderr);
        var rendered = SealedDocuments.Texts(File.ReadAllText(Path.Combine(sandbox.WorkDir, "rendered", "team_web.yaml")))
            .Where(t => t.Contains("\nsops:", StringComparison.Ordinal)).ToList();
        Assert.Single(rendered);
        var controls = new[]
        {
            await EncryptAsync(scratch, "secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: all\nstringData:\n  a: b\n", []),
            await EncryptAsync(scratch, "configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: b\n", ["--encrypted-regex", FluxDecryption.EncryptedRegex]),
        };

        var verdicts = await PeerAsync(scratch, [.. rendered, .. controls]);

        Assert.Equal(FluxDecryption.MaxFileSize.ToString(System.Globalization.CultureInfo.InvariantCulture), verdicts[0]);
        Assert.Equal("true true true", verdicts[1]);      // the rendered Secret
        Assert.Equal("false true true", verdicts[2]);     // metadata encrypted: not recognised as a Secret
        Assert.Equal("false true true", verdicts[3]);     // a ConfigMap: decrypted into a ConfigMap
        foreach (var (text, verdict) in new[] { rendered[0] }.Concat(controls).Zip(verdicts.Skip(1)))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var ours = FluxDecryption.Problems(new YamlFormat().ParseEncrypted(bytes), bytes.LongLength).ToList();
            Assert.Equal(verdict == "true true true", ours.Count == 0);
        }
    }

    private static async Task<string> EncryptAsync(TempDir dir, string name, string plain, string[] flags)
    {
        var file = dir.Write(name, plain);
        var run = await CliRunner.RunAsync(["encrypt", "--age", TestKeys.AgeRecipient, .. flags, file], recordOutput: false);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.StdoutText;
    }

    /// <summary>Each document as Flux reads a resource (JSON, sops block included) through the peer: the limit, then "IsEncryptedSecret isSOPSEncryptedResource within-limit" each.</summary>
    private static async Task<List<string>> PeerAsync(TempDir dir, IReadOnlyList<string> documents)
    {
        var files = new List<string>();
        foreach (var (text, i) in documents.Select((t, i) => (t, i)))
        {
            var document = new YamlFormat().ParseEncrypted(Encoding.UTF8.GetBytes(text));
            files.Add(dir.Write($"doc-{i}.json", Encoding.UTF8.GetString(new JsonFormat().EmitEncrypted(document.Tree, document.Metadata))));
        }
        var run = await ProcessRun.RunAsync(Environment.GetEnvironmentVariable(Variable)!, files, null, null, dir.Path, TimeSpan.FromMinutes(1));
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.StdoutText.TrimEnd('\n').Split('\n').Select(l => l.Split(' ', 2)[1]).ToList();
    }

    /// <summary>A fact that runs only under tests/peers/flux-decryptor.sh.</summary>
    private sealed class PeerFactAttribute : FactAttribute
    {
        public PeerFactAttribute()
        {
            if (Environment.GetEnvironmentVariable(Variable) is null) Skip = $"run tests/peers/flux-decryptor.sh (sets {Variable})";
        }
    }
}
