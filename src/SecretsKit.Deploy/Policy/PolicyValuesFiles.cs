using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Decryption;
using SecretsKit.Deploy.Input;
using SecretsKit.Deploy.Policy.Provenance;

namespace SecretsKit.Deploy.Policy;

/// <summary>
/// <c>policy --values FILE…</c>: the values files the manifests were rendered with, in helm's order, read into a
/// <see cref="ValueProvenance"/>. A file with SOPS metadata is decrypted in memory (never written) and its values are
/// secrets; any other file is plain values.
/// </summary>
public static class PolicyValuesFiles
{
    public static async Task<ValueProvenance> ReadAsync(SopsEngine engine, DecryptOptions options, IEnumerable<(string Path, string Shown)> files,
        Action<string>? warn, CancellationToken ct)
    {
        var provenance = new ValueProvenance();
        foreach (var (path, shown) in files)
        {
            if (!File.Exists(path)) throw new SecretsKitException(ExitCodes.CouldNotReadInputFile, $"--values {shown}: no such file");
            var content = await BoundedFile.ReadBytesAsync(path, shown, ct);
            var plain = await SopsFileProbe.TryDecryptAsync(engine, options, content, shown, ct, warn);
            provenance.AddFile(shown, Encoding.UTF8.GetString(plain ?? content), encrypted: plain is not null);
        }
        return provenance;
    }
}
