using SecretsKit.Core.Age;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Common;

namespace SecretsKit.Deploy.Tests;

/// <summary>A real SOPS engine with the fixture age identity, for encrypting test files and decrypting them.</summary>
internal static class TestSops
{
    public const string AgeRecipient = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun";

    public static IEnvironment Environment(string cwd) => new MapEnvironment(
        new Dictionary<string, string>(StringComparer.Ordinal) { ["SOPS_AGE_KEY_FILE"] = SharedFixtures.PathOf("age-unittest-identity.txt") },
        Path.GetTempPath(), cwd);

    public static SopsEngine Engine(string cwd = "/")
    {
        var context = new KeySourceContext(Environment(cwd), SystemProcessRunner.Instance, TimeProvider.System);
        var registry = new KeySourceRegistry().Register(new AgeKeySource(context));
        return new SopsEngine(registry, TimeProvider.System);
    }

    /// <summary>Encrypts <paramref name="plain"/> (format from the file name) to the fixture age recipient and writes it.</summary>
    public static async Task<string> WriteEncryptedAsync(string path, string plain)
    {
        var engine = Engine();
        var format = FormatRegistry.Create(FormatRegistry.NameForPath(path) is "binary" ? "yaml" : FormatRegistry.NameForPath(path));
        var tree = format.ParsePlain(System.Text.Encoding.UTF8.GetBytes(plain));
        var key = engine.Registry.Get("age").Parse(AgeRecipient, new KeyParseOptions());
        var encrypted = await engine.EncryptAsync(tree, new EncryptionSettings(new[] { new[] { key } }));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, encrypted.Emit(format));
        return path;
    }
}
