using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Decryption;
using SecretsKit.Deploy.Helm;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Refs;

/// <summary>
/// <c>ref+file://path[#/a/b]</c> and <c>ref+sops://path[#/a/b]</c> (the file decrypted in memory first): the whole
/// content, or the value at the YAML/JSON path with its type kept. Relative paths are against the working directory.
/// </summary>
public sealed class FileRefBackend(string workingDirectory, SopsEngine? sops = null, DecryptOptions? options = null) : IRefBackend
{
    public async Task<ResolvedRef> ResolveAsync(RefUri reference, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(reference.Path, workingDirectory);
        if (!File.Exists(path))
            throw new SecretsKitException(ExitCodes.Generic, $"{reference.Text}: file {reference.Path} does not exist");
        var content = await File.ReadAllBytesAsync(path, cancellationToken);
        if (sops is not null)
        {
            content = await SopsFileProbe.TryDecryptAsync(sops, options ?? DecryptOptions.Default, content, path, cancellationToken)
                      ?? throw new SecretsKitException(ExitCodes.Generic, $"{reference.Text}: {reference.Path} is not a SOPS-encrypted file");
        }
        var text = Encoding.UTF8.GetString(content);
        if (reference.Fragment.Count == 0) return new ResolvedRef(text, false);
        var stream = new YamlStream();
        try
        {
            YamlStreamLoader.Load(stream, text);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{reference.Text}: {reference.Path} is not YAML or JSON within the reader's budgets ({Echo.Bounded(e.Message)}), so #/path cannot be used");
        }
        if (stream.Documents.Count == 0)
            throw new SecretsKitException(ExitCodes.Generic, $"{reference.Text}: {reference.Path} is empty");
        return TypedScalar.FromYaml(TypedScalar.Select(stream.Documents[0].RootNode, reference), reference);
    }
}
