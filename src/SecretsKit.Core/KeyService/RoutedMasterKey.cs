using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;

namespace SecretsKit.Core.KeyService;

/// <summary>
/// A master key used through key services, as sops does it: each service in turn (the local one, that is
/// <paramref name="local"/> itself, first when enabled), the first that succeeds wins. With the local service off,
/// <paramref name="local"/> only names the key: no identity is read and no credential is used in this process.
/// </summary>
public sealed class RoutedMasterKey(IMasterKey local, KeyServiceSelection selection) : IMasterKey
{
    public string KeyType => local.KeyType;

    public string Identifier => local.Identifier;

    public MasterKeyEntry Describe() => local.Describe();

    public async Task<MasterKeyEntry> WrapAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        var failures = new List<string>();
        if (selection.Local)
        {
            try
            {
                return await local.WrapAsync(payload, cancellationToken).ConfigureAwait(false);
            }
            catch (SecretsKitException e) when (selection.Remote.Count > 0)
            {
                failures.Add($"local: {e.Message}");
            }
        }
        var template = local.Describe();
        foreach (var service in selection.Remote)
        {
            try
            {
                var enc = await service.EncryptAsync(template, payload, cancellationToken).ConfigureAwait(false);
                return template.WithField("enc", Encoding.UTF8.GetString(enc));
            }
            catch (KeyServiceException e)
            {
                failures.Add(e.Message);
            }
        }
        throw new SecretsKitException(ExitCodes.Generic,
            $"could not encrypt the data key with {KeyType} key {Identifier}: {string.Join("; ", failures)}",
            "start the key service (secretskit keyservice / sops keyservice) or check its address; nothing was written");
    }

    public async Task<UnwrapResult> UnwrapAsync(MasterKeyEntry entry, CancellationToken cancellationToken = default)
    {
        var failures = new List<string>();
        if (selection.Local)
        {
            var result = await local.UnwrapAsync(entry, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded || selection.Remote.Count == 0) return result;
            failures.Add($"local: {result.Reason}");
        }
        var key = entry with { Fields = entry.Fields.Where(f => f.Key != "enc").ToDictionary(StringComparer.Ordinal) };
        foreach (var service in selection.Remote)
        {
            try
            {
                return UnwrapResult.Success(await service.DecryptAsync(key, Encoding.UTF8.GetBytes(entry.Enc), cancellationToken).ConfigureAwait(false));
            }
            catch (KeyServiceException e)
            {
                failures.Add(e.Message);
            }
        }
        return UnwrapResult.Failed(string.Join("; ", failures));
    }

    public override string ToString() => Identifier;
}
