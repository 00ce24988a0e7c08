using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Decryption;
using SecretsKit.Deploy.Helm;
using SecretsKit.Deploy.Input;
using SecretsKit.Templates.Yaml;
using YamlDotNet.Core;

namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>
/// The values files of a run's suites, each read once: a SOPS-encrypted one is decrypted by the same machinery as
/// <c>secretskit helm</c> (one test at a time: not thread-safe) (its plaintext file lives in a private directory only while it is read), and every value
/// it holds counts as secret: <see cref="Sensitive"/> is what failure messages must never print.
/// </summary>
internal sealed class SuiteValues(SopsEngine engine, DecryptOptions options, string privateDirectory)
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, object?>> _read = new(StringComparer.Ordinal);

    /// <summary>Every leaf string of the decrypted files read so far.</summary>
    public HashSet<string> Sensitive { get; } = new(StringComparer.Ordinal);

    public async Task<IReadOnlyDictionary<string, object?>> ReadAsync(string file, CancellationToken cancellationToken)
    {
        {
            if (_read.TryGetValue(file, out var known)) return known;
            if (!File.Exists(file)) throw new SecretsKitException(ExitCodes.Generic, $"open {file}: no such file or directory");
            var decryptor = new SecretValuesDecryptor(engine, options, Path.GetDirectoryName(file) ?? ".");
            string text;
            using (var files = await decryptor.DecryptAsync([file], new DecryptorSettings(TempParent: privateDirectory), cancellationToken))
            {
                text = BoundedFile.ReadText(files.Map(file) ?? file, file);
                if (!files.UsedAsIs(file)) Sensitive.UnionWith(SensitiveLeaves.Of(text));
            }
            var values = Parse(text, file);
            _read[file] = values;
            return values;
        }
    }

    private static IReadOnlyDictionary<string, object?> Parse(string text, string file)
    {
        try
        {
            var stream = BoundedYaml.Load(text);
            if (stream.Documents.Count == 0) return new Dictionary<string, object?>(StringComparer.Ordinal);
            return TemplateYaml.FromNode(stream.Documents[0].RootNode) as IReadOnlyDictionary<string, object?>
                ?? new Dictionary<string, object?>(StringComparer.Ordinal);
        }
        catch (YamlException e)
        {
            // never the YAML error's excerpt: the file may be decrypted plaintext
            throw new SecretsKitException(ExitCodes.Generic, $"failed to parse {file}: not YAML at line {e.Start.Line}");
        }
    }
}
