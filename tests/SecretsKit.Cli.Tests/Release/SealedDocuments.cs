using System.Text;
using SecretsKit.Testing.Common;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>Reading a sealed rendering in tests: its documents, a SopsSecret's or a Flux Secret's data decrypted with the cluster's key.</summary>
internal static class SealedDocuments
{
    public static List<YamlMappingNode> Parse(string stream)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(stream));
        return yaml.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    public static string? Scalar(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var child)) return null;
            node = child;
        }
        return (node as YamlScalarNode)?.Value;
    }

    public static bool Has(YamlMappingNode node, string key) => node.Children.ContainsKey(new YamlScalarNode(key));

    /// <summary>The data a Secret of <paramref name="rendered"/> (a plain <c>helm template</c>) would hold: data decoded, stringData over it.</summary>
    public static Dictionary<string, string> SecretData(string rendered, string name)
    {
        var secret = Parse(rendered).Single(d => Scalar(d, "kind") == "Secret" && Scalar(d, "metadata", "name") == name);
        return DataOf(secret);
    }

    private static Dictionary<string, string> DataOf(YamlMappingNode secret)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (secret.Children.TryGetValue(new YamlScalarNode("data"), out var d) && d is YamlMappingNode dm)
        {
            foreach (var (k, v) in dm.Children) data[((YamlScalarNode)k).Value!] = Encoding.UTF8.GetString(Convert.FromBase64String(((YamlScalarNode)v).Value!));
        }
        if (secret.Children.TryGetValue(new YamlScalarNode("stringData"), out var s) && s is YamlMappingNode sm)
        {
            foreach (var (k, v) in sm.Children) data[((YamlScalarNode)k).Value!] = ((YamlScalarNode)v).Value!;
        }
        return data;
    }

    /// <summary>A SopsSecret's payload (its <c>spec.sops</c>) decrypted with <paramref name="identity"/> by the real CLI: namespaces and data.</summary>
    public static async Task<(List<string> Namespaces, Dictionary<string, string> Data)> OpenSopsSecretAsync(YamlMappingNode sopsSecret, string identity, TempDir dir)
    {
        var plain = await DecryptAsync(Scalar(sopsSecret, "spec", "sops")!, identity, dir);
        var payload = Parse(plain).Single();
        var namespaces = ((YamlSequenceNode)payload.Children[new YamlScalarNode("namespaces")]).Children.Select(n => ((YamlScalarNode)n).Value!).ToList();
        return (namespaces, DataOf(payload));
    }

    /// <summary>A Flux Secret (a SOPS document itself) decrypted with <paramref name="identity"/>: its data.</summary>
    public static async Task<Dictionary<string, string>> OpenFluxSecretAsync(string documentText, string identity, TempDir dir) =>
        DataOf(Parse(await DecryptAsync(documentText, identity, dir)).Single());

    private static async Task<string> DecryptAsync(string document, string identity, TempDir dir)
    {
        var file = dir.Write($"doc-{Guid.NewGuid():N}.yaml", document);
        var run = await CliRunner.RunAsync(["decrypt", file], new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = identity }, recordOutput: false);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.StdoutText;
    }

    /// <summary>The documents of a stream as text (split at <c>---</c> lines), those holding anything.</summary>
    public static List<string> Texts(string stream) =>
        System.Text.RegularExpressions.Regex.Split(stream, "^---[ \t]*$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Where(t => t.Split('\n').Any(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))).ToList();
}
