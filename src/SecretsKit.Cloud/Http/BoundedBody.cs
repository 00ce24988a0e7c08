namespace SecretsKit.Cloud.Http;

/// <summary>A response body read up to a budget: the server cannot make the caller buffer more (a store-named host, a token endpoint).</summary>
public static class BoundedBody
{
    /// <summary>The body, or <paramref name="tooLarge"/>'s exception once it passes <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]> ReadAsync(HttpResponseMessage response, int maxBytes, Func<Exception> tooLarge, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw tooLarge();
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
