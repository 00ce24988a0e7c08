using System.Text;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Input;
using SecretsKit.Deploy.Sealing;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// Where <c>render</c> puts a release's sealed rendering: <c>--out DIR</c> writes <c>DIR/NAMESPACE_NAME.yaml</c> (atomically;
/// a file whose text is the same is not touched, so a second render leaves Git clean) and, for <c>sops-secret</c>, a
/// <c>kustomization.yaml</c> listing the directory's renderings, the entry point of a Flux Kustomization; <c>--out -</c>
/// prints the renderings one after the other.
/// </summary>
internal static class SealedOutput
{
    public const string Kustomization = "kustomization.yaml";

    /// <summary>render: helm template with placeholders, sealed, written; failed when helm or the sealing failed (said on stderr).</summary>
    public static async Task<ReleaseOutcome> RenderAsync(ReleaseRun run, ReleasePipelineContext context, CancellationToken ct)
    {
        if (await run.TemplateAsync(ct) is not { } rendered) return run.Outcome(ReleaseResult.Failed);
        var sealing = context.Options.Sealing!;
        var text = rendered.Length == 0 || rendered.EndsWith('\n') ? rendered : rendered + "\n";
        if (sealing.Out is null or "-")
        {
            context.WriteOut(text);
            return run.Outcome(ReleaseResult.Ok);
        }
        var path = run.Sealed!.SealedPath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WriteIfChanged(path, text);
        if (sealing.Format == SealFormat.FluxSecret) WriteKustomization(Path.GetDirectoryName(path)!);
        return run.Outcome(ReleaseResult.Ok);
    }

    /// <summary>The release's file as the last render left it, or null (no directory output, or no such file yet).</summary>
    public static string? Previous(string path, ReleaseSealing sealing) =>
        sealing.Out is null or "-" || !File.Exists(path) ? null : BoundedFile.ReadText(path, path);

    private static void WriteIfChanged(string path, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)) return;
        AtomicFile.Write(path, bytes, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    /// <summary>A kustomize <c>Kustomization</c> naming every rendering in the directory (<c>NAMESPACE_NAME.yaml</c>), sorted.</summary>
    private static void WriteKustomization(string directory)
    {
        var files = Directory.EnumerateFiles(directory, "*_*.yaml").Select(Path.GetFileName).OfType<string>()
            .Where(f => f != Kustomization).Order(StringComparer.Ordinal);
        var sb = new StringBuilder("# Written by secretskit release render --secrets-as sops-secret: the renderings of this directory.\n")
            .Append("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n");
        foreach (var file in files) sb.Append("  - ").Append(file).Append('\n');
        WriteIfChanged(Path.Combine(directory, Kustomization), sb.ToString());
    }
}
