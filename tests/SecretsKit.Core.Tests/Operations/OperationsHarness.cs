using System.Text;
using SecretsKit.Core.Age;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Common;

namespace SecretsKit.Core.Tests.Operations;

/// <summary>A SopsEngine with the age key source, decrypting with the fixture identities given.</summary>
internal sealed class OperationsHarness : IDisposable
{
    public const string Recipient = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun";
    public const string OtherRecipient = "age1afnrdrkyvy0sl5e08t9ffs4c7g5e5npc8luf7hjc77syewg5gajsls4r90";

    public OperationsHarness(params string[] identityFixtures)
    {
        var keys = string.Join("\n", identityFixtures.Select(f => File.ReadAllText(SharedFixtures.PathOf(f))));
        KeyFile = Path.Combine(Directory.CreateTempSubdirectory("sk-ops-").FullName, "keys.txt");
        File.WriteAllText(KeyFile, keys);
        var env = new MapEnvironment(new Dictionary<string, string> { ["SOPS_AGE_KEY_FILE"] = KeyFile }, "/nonexistent", "/");
        Age = new AgeKeySource(new KeySourceContext(env, SystemProcessRunner.Instance, TimeProvider.System));
        Engine = new SopsEngine(new KeySourceRegistry().Register(Age), TimeProvider.System);
    }

    public string KeyFile { get; }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(KeyFile)!, recursive: true);

    public AgeKeySource Age { get; }

    public SopsEngine Engine { get; }

    public IFormat Yaml { get; } = FormatRegistry.Create("yaml");

    public IMasterKey Key(string recipient) => Age.Parse(recipient, KeyParseOptions.None);

    public async Task<byte[]> EncryptAsync(string yaml, params IReadOnlyList<IMasterKey>[] groups)
    {
        var file = await Engine.EncryptAsync(Yaml.ParsePlain(Encoding.UTF8.GetBytes(yaml)), new EncryptionSettings(groups));
        return file.Emit(Yaml);
    }

    public Task<DecryptedFile> DecryptAsync(byte[] encrypted) =>
        new SecretFileReader(Engine).DecryptAsync(encrypted, "test.yaml", Yaml, DecryptOptions.Default);
}
