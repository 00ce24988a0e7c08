using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Metadata;

namespace SecretsKit.Core.Operations;

/// <summary>sops <c>filestatus</c>: a file is encrypted when its metadata loads with a non-empty <c>version</c> and <c>mac</c>.</summary>
public static class SopsFileStatus
{
    public static bool IsEncrypted(byte[] content, IFormat format)
    {
        try
        {
            var doc = format.ParseEncrypted(content);
            var version = MetadataReader.Scalar(doc.Metadata.Get("version"));
            var mac = MetadataReader.Scalar(doc.Metadata.Get("mac"));
            return !string.IsNullOrEmpty(version) && !string.IsNullOrEmpty(mac);
        }
        catch (SecretsKitException)
        {
            return false;
        }
    }
}
