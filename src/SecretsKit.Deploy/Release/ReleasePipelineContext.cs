namespace SecretsKit.Deploy.Release;

/// <summary>What every <see cref="ReleaseRun"/> of one pipeline shares; output writes are serialised across releases.</summary>
internal sealed class ReleasePipelineContext(
    ReleaseFile file, ReleaseRunOptions options, HelmClient helm, ReleaseDecryption decryption, TimeProvider time,
    TextWriter stdout, TextWriter stderr, ReleaseHooks? hooks)
{
    public ReleaseHooks? Hooks => hooks;

    private readonly object _gate = new();

    public ReleaseFile File => file;

    public ReleaseRunOptions Options => options;

    public HelmClient Helm => helm;

    public ReleaseDecryption Decryption => decryption;

    public TimeProvider Time => time;

    public void WriteOut(string text)
    {
        lock (_gate)
        {
            stdout.Write(text);
            stdout.Flush();
        }
    }

    public void WriteErr(string text)
    {
        lock (_gate)
        {
            stderr.Write(text);
            stderr.Flush();
        }
    }
}
