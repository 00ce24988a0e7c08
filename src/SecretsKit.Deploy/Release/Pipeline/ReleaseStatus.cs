namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>A release's status as <c>release status</c> prints it: installed or not, and the line shown.</summary>
public sealed record ReleaseStatus(bool Installed, string Line)
{
    public static ReleaseStatus NotInstalled { get; } = new(false, "not installed");
}
