using SecretsKit.Cli.Context;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Tree;

namespace SecretsKit.Cli.IO;

/// <summary>
/// Parses a plaintext file, warning when sops would refuse it (<see cref="IFormat.SopsRefusal"/>), and refuses one that
/// already carries sops metadata (exit 203).
/// </summary>
internal static class PlainParser
{
    public static SopsTree Parse(byte[] bytes, string fileName, IFormat format, CliContext context)
    {
        SopsFiles.WarnIfSopsRefuses(context, bytes, fileName, format);
        SopsTree tree;
        try
        {
            tree = format.ParsePlain(bytes);
        }
        catch (SecretsKitException e)
        {
            throw new SecretsKitException(e.ExitCode, $"{fileName}: {e.Message}", e.Hint, e);
        }
        if (tree.Branches.Count > 0)
        {
            var first = tree.Branches[0];
            var hasMetadata = first.Get("sops") is not null ||
                (format.Name == "dotenv" && first.Items.Any(i => !i.IsComment && i.Key!.StartsWith("sops_", StringComparison.Ordinal)));
            if (hasMetadata)
            {
                throw new SecretsKitException(ExitCodes.FileAlreadyEncrypted, $"{fileName}: file already encrypted",
                    "use 'secretskit edit' or 'secretskit decrypt' on it");
            }
        }
        return tree;
    }
}
