using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Kubernetes.Auth;

/// <summary>
/// A bearer token read from a file (the service-account token, kubeconfig <c>tokenFile</c>). Bound service-account
/// tokens are rotated by the kubelet, so the file is re-read when its modification time changes, when
/// <see cref="RefreshInterval"/> has passed since the last read, and after a 401.
/// </summary>
public sealed class TokenFileCredentialSource(string path, TimeProvider? time = null) : KubeCredentialSource
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private KubeCredential? _cached;
    private DateTime _cachedWriteTime;
    private DateTimeOffset _readAt;

    public string Path => path;

    /// <summary>Re-read at least this often even if the modification time looks unchanged (default one minute).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMinutes(1);

    public override ValueTask<KubeCredential> GetAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            DateTime writeTime;
            try
            {
                writeTime = File.GetLastWriteTimeUtc(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new KubernetesConfigException($"cannot read the token file {path}: {e.Message}", inner: e);
            }
            var now = _time.GetUtcNow();
            if (_cached is null || writeTime != _cachedWriteTime || now - _readAt >= RefreshInterval)
            {
                string token;
                try
                {
                    token = File.ReadAllText(path).Trim();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new KubernetesConfigException($"cannot read the token file {path}: {e.Message}", inner: e);
                }
                if (token.Length == 0) throw new KubernetesConfigException($"the token file {path} is empty");
                _cached = new KubeCredential(token);
                _cachedWriteTime = writeTime;
                _readAt = now;
            }
            return ValueTask.FromResult(_cached);
        }
    }

    public override void Invalidate()
    {
        lock (_gate) _cached = null;
    }
}
