namespace SecretsKit.Cli.IO;

/// <summary>
/// Gives memory back between the phases of one large encrypt or decrypt (parse, walk, emit). What a phase leaves behind
/// (the input bytes, the parser's garbage, the tree the walk replaced) is dead but, once promoted, is only reclaimed by a
/// full collection, and a freed large-object region is not reused for the small objects of the next phase: without
/// this the peak is the sum of the phases, not the largest of them (bench/README.md, "Memory"). A small input skips it.
/// </summary>
internal static class BatchMemory
{
    // Below this the phases are small and a full collection would only cost time.
    private const long Threshold = 1024 * 1024;

    /// <summary>Collects and decommits what the phase just ended left behind, when the input was <see cref="Threshold"/> or more.</summary>
    public static void ReleaseAfterPhase(long inputLength)
    {
        if (inputLength < Threshold) return;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
