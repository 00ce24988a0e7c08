using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Decryption;
using SecretsKit.Deploy.Refs;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// Decrypts one value file in memory: reads or fetches it, decrypts it when it is a SOPS file and resolves its
/// <c>ref+…</c> references when <see cref="DecryptorSettings.Refs"/> is set. Stateless, so <see cref="SecretValuesDecryptor"/>
/// runs one call per file in parallel and writes the results only once all of them are in.
/// </summary>
internal sealed class ValueFileDecryption(SopsEngine engine, DecryptOptions options, DecryptorSettings settings)
{
    public async Task<PlainValueFile> DecryptAsync(ValueFileSource source, CancellationToken ct)
    {
        byte[] content;
        try
        {
            content = await source.ReadAsync(ct);
        }
        catch (SecretsKitException) when (source.Remote is not null && source.Optional)
        {
            return new PlainValueFile(source, []);
        }
        catch (SecretsKitException e) when (source.Remote is not null && settings.HelmSecretsLayout)
        {
            // helm-secrets' wrapper says a plain URL does not exist; a secrets:// one fails in its getter, which names
            // the download's reason and then the URL.
            throw source.ViaGetter
                ? new SecretsKitException(ExitCodes.Generic, $"{e.Message}\n[helm-secrets] Error while download url {source.Shown}")
                : new SecretsKitException(ExitCodes.Generic, $"File does not exist: {source.Shown}");
        }
        byte[]? plain;
        try
        {
            plain = await SopsFileProbe.TryDecryptAsync(engine, options, content, source.FileName, ct,
                settings.Warn is { } warn ? refusal => warn($"{source.Shown}: {refusal}") : null,
                settings.DataKey is { } dataKey ? key => dataKey(source.Key, key) : null);
            if (plain is not null) settings.Trace?.Invoke("Data key recovered successfully");
        }
        catch (SecretsKitException e)
        {
            throw new SecretsKitException(e.ExitCode, $"Error while decrypting file: {source.Shown}: {e.Message}", e.Hint, e);
        }
        if (settings.Refs is not null)
        {
            var resolved = await YamlRefRewriter.RewriteAsync(Encoding.UTF8.GetString(plain ?? content), settings.Refs, ct);
            if (resolved is not null) plain = Encoding.UTF8.GetBytes(resolved);
        }
        var asIs = plain is null;
        if (asIs && source.Remote is not null && settings.RemoteCopies) plain = content;
        return new PlainValueFile(source, plain, asIs);
    }
}
