using System.Security.Cryptography;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Tests;

/// <summary>Key-source contexts with an explicit environment (never the process one) and fast retry options.</summary>
internal static class TestContexts
{
    public static KeySourceContext With(IReadOnlyDictionary<string, string> variables, TimeProvider? time = null) =>
        new(new MapEnvironment(variables, Path.GetTempPath(), Path.GetTempPath()), SystemProcessRunner.Instance, time ?? TimeProvider.System);

    public static CloudKeyOptions FastRetries(HttpMessageHandler? handler = null) => new()
    {
        HttpHandler = handler,
        MaxRetries = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromSeconds(5),
        RequestTimeout = TimeSpan.FromSeconds(20),
    };

    public static byte[] NewDataKey() => RandomNumberGenerator.GetBytes(32);

    /// <summary>Asserts a message names what it should and carries none of the given secrets (raw, base64 or hex).</summary>
    public static void AssertSafeMessage(string message, byte[] dataKey, params string[] mustContain)
    {
        foreach (var expected in mustContain)
        {
            Assert.Contains(expected, message, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(Convert.ToBase64String(dataKey), message, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(dataKey), message, StringComparison.OrdinalIgnoreCase);
    }
}
