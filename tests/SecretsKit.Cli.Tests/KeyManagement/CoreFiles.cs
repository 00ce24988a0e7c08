using System.Text;
using SecretsKit.Core.Age;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Tests.KeyManagement;

/// <summary>Makes encrypted YAML files through the Core API (fast: no CLI process per file).</summary>
internal static class CoreFiles
{
    private static readonly AgeKeySource Age = new(KeySourceContext.System);
    private static readonly SopsEngine Engine = new(new KeySourceRegistry().Register(Age), TimeProvider.System);

    public static async Task<string> EncryptYamlAsync(string path, string yaml, params string[] recipients)
    {
        var format = FormatRegistry.Create("yaml");
        var keys = recipients.Select(r => Age.Parse(r, KeyParseOptions.None)).ToList();
        var file = await Engine.EncryptAsync(format.ParsePlain(Encoding.UTF8.GetBytes(yaml)), new EncryptionSettings(new[] { keys }));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, file.Emit(format));
        return path;
    }

    /// <summary>The ENC[…] value lines of a YAML file (everything above the sops block).</summary>
    public static List<string> EncLines(string path) =>
        File.ReadAllLines(path).TakeWhile(l => !l.StartsWith("sops:", StringComparison.Ordinal)).Where(l => l.Contains("ENC[", StringComparison.Ordinal)).ToList();

    public static string MetaLine(string path, string key) =>
        File.ReadAllLines(path).Single(l => l.TrimStart().StartsWith(key + ":", StringComparison.Ordinal));

    public static Dictionary<string, string?> AgeEnv(string identityFile) => new() { ["SOPS_AGE_KEY_FILE"] = identityFile };
}
