using System.Globalization;
using SecretsKit.Core.Formats.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Input;

/// <summary>
/// Loads YAML that an attacker may have written (a helmfile state, an environment's values, a rendered manifest, a CRD
/// given to <c>validate</c>) into YamlDotNet's representation model within budgets: the text's size, its nesting depth
/// (the model is built recursively, so depth is what would overflow the stack), its node count, and the nodes its
/// aliases stand for once expanded (an alias is a shared node in the model, but every consumer that walks it, converts
/// it or writes it out pays the expanded size). Over a budget is a <see cref="YamlException"/> at the offending node.
/// </summary>
internal static class BoundedYaml
{
    /// <summary>Largest text read (64 MiB): far above any state, values file or rendered chart.</summary>
    public const int MaxChars = 64 << 20;

    /// <summary>Deepest nesting of mappings and sequences.</summary>
    public const int MaxDepth = 1_000;

    /// <summary>Nodes as written (scalars, mappings, sequences, aliases).</summary>
    public const long MaxNodes = 1_000_000;

    /// <summary>Nodes once every alias is expanded, as a consumer walking the tree sees them.</summary>
    public const long MaxExpandedNodes = 1_000_000;

    public static YamlStream Load(string text)
    {
        if (text.Length > MaxChars)
        {
            throw new YamlException(Mark.Empty, Mark.Empty, $"the document is {text.Length.ToString("N0", CultureInfo.InvariantCulture)} characters, over the limit of {MaxChars.ToString("N0", CultureInfo.InvariantCulture)}");
        }
        var stream = new YamlStream();
        YamlStreamLoader.Load(stream, text, MaxDepth, MaxNodes, MaxExpandedNodes);
        return stream;
    }
}
