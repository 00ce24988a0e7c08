namespace SecretsKit.Deploy.Charts;

/// <summary>
/// What unpacking one packaged chart may take (<see cref="ChartArchive"/>): file content in all and per file, files, and
/// decompressed bytes read (file content plus tar headers, padding and PAX records, which a reader holds in memory).
/// </summary>
internal sealed record ChartArchiveBudget(long ChartBytes, long FileBytes, int Files, long StreamBytes)
{
    /// <summary>helm's loader limits (<c>MaxDecompressedChartSize</c> 100 MiB, <c>MaxDecompressedFileSize</c> 5 MiB), 10,000 files, 32 MiB of tar overhead.</summary>
    public static readonly ChartArchiveBudget Helm = new(100L << 20, 5L << 20, 10_000, (100L << 20) + (32L << 20));
}
