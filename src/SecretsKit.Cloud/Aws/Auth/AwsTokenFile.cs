using SecretsKit.Cloud.Providers;

namespace SecretsKit.Cloud.Aws.Auth;

/// <summary>
/// A token file the platform mounts and rotates (IRSA's <c>AWS_WEB_IDENTITY_TOKEN_FILE</c>, EKS Pod Identity's
/// <c>AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE</c>): read whole at each use, at most 64 KiB, trimmed. A failure names the
/// variable, never the path's content.
/// </summary>
internal static class AwsTokenFile
{
    public const int MaxBytes = 64 * 1024;

    /// <param name="path">The file.</param>
    /// <param name="variable">The variable that named it, for messages.</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<string> ReadAsync(string path, string variable, CancellationToken ct)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.Asynchronous);
            var buffer = new byte[MaxBytes + 1];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0) read += n;
            if (read > MaxBytes) throw new StoreConfigException($"{variable} is larger than {MaxBytes} bytes");
            return System.Text.Encoding.UTF8.GetString(buffer, 0, read).Trim();
        }
        catch (IOException e)
        {
            throw new StoreConfigException($"{variable} cannot be read: {e.GetType().Name}");
        }
        catch (UnauthorizedAccessException)
        {
            throw new StoreConfigException($"{variable} cannot be read: permission denied");
        }
    }
}
