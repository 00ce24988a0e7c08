using System.Text;
using System.Text.Json;
using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.UnitTest.Rendering;

/// <summary>
/// The release <c>helm install -o json</c> / <c>helm upgrade -o json</c> prints, read back into what <c>helm template</c>
/// prints for the same render: the manifest, then each hook as <c>---</c>, <c># Source: path</c> and its manifest
/// (helm's own template command writes them so). Output that is no such release is an error of the render.
/// </summary>
internal static class InstallOutput
{
    /// <summary>Nesting read at most (the release holds the chart's values and the test's).</summary>
    public const int MaxDepth = 512;

    public static ProcessResult Manifests(ProcessResult install)
    {
        try
        {
            using var doc = JsonDocument.Parse(install.StandardOutput, new JsonDocumentOptions { MaxDepth = MaxDepth });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("manifest", out var manifest) || manifest.ValueKind != JsonValueKind.String)
                return Unreadable(install);
            var sb = new StringBuilder();
            sb.Append(manifest.GetString()!.Trim()).Append('\n');
            if (root.TryGetProperty("hooks", out var hooks) && hooks.ValueKind == JsonValueKind.Array)
            {
                foreach (var hook in hooks.EnumerateArray())
                {
                    sb.Append("---\n# Source: ").Append(Text(hook, "path")).Append('\n').Append(Text(hook, "manifest")).Append('\n');
                }
            }
            return install with { StandardOutput = Encoding.UTF8.GetBytes(sb.ToString()) };
        }
        catch (JsonException)
        {
            return Unreadable(install);
        }
    }

    private static string Text(JsonElement hook, string property) =>
        hook.ValueKind == JsonValueKind.Object && hook.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static ProcessResult Unreadable(ProcessResult install) =>
        install with { ExitCode = 1, StandardOutput = [], StandardError = "helm printed no release as JSON: " + install.StandardError };
}
