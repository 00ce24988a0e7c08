namespace SecretsKit.Core.Formats;

/// <summary>The array form of a format's streaming emit, for callers that need the bytes in memory.</summary>
internal static class FormatOutput
{
    public static byte[] ToArray(Action<Stream> emit)
    {
        using var output = new MemoryStream();
        emit(output);
        return output.ToArray();
    }
}
