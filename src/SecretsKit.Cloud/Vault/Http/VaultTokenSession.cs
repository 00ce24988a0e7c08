using SecretsKit.Cloud.Vault.Auth;

namespace SecretsKit.Cloud.Vault.Http;

/// <summary>
/// Caches the client token. Renews it (<c>renew-self</c>) once two thirds of its lease have passed, logs in again
/// when renewal fails or the lease is not renewable, and replaces a token the server denied (once per denial).
/// </summary>
internal sealed class VaultTokenSession(VaultAuthMethod auth, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private VaultAuthToken? _current;
    private DateTimeOffset _obtainedAt;

    public bool CanLogin => auth.CanLogin;

    public async Task<string> GetTokenAsync(VaultClient client, CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && !NeedsRefresh(current)) return current.Token;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            if (current is null)
            {
                Set(await auth.LoginAsync(client, cancellationToken));
            }
            else if (NeedsRefresh(current))
            {
                await RefreshAsync(client, current, cancellationToken);
            }
            return _current!.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>After a 403 with <paramref name="deniedToken"/>: a fresh token from a new login, or null when impossible.</summary>
    public async Task<string?> ReplaceDeniedAsync(VaultClient client, string deniedToken, CancellationToken cancellationToken)
    {
        if (!auth.CanLogin) return null;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } current && current.Token != deniedToken) return current.Token;
            _current = null;
            Set(await auth.LoginAsync(client, cancellationToken));
            return _current!.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RefreshAsync(VaultClient client, VaultAuthToken current, CancellationToken cancellationToken)
    {
        if (current.Renewable)
        {
            try
            {
                var renewed = await client.RenewSelfAsync(current.Token, cancellationToken);
                Set(renewed with { Token = string.IsNullOrEmpty(renewed.Token) ? current.Token : renewed.Token });
                return;
            }
            catch (VaultRequestException) when (auth.CanLogin)
            {
                // Fall through to a new login: the token may be past its max TTL or revoked.
            }
        }
        Set(await auth.LoginAsync(client, cancellationToken));
    }

    private bool NeedsRefresh(VaultAuthToken token) =>
        token.LeaseDuration > TimeSpan.Zero && time.GetUtcNow() >= _obtainedAt + token.LeaseDuration * 2 / 3;

    private void Set(VaultAuthToken token)
    {
        _obtainedAt = time.GetUtcNow();
        _current = token;
    }

    public void Dispose() => _gate.Dispose();
}
