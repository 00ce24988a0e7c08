namespace SecretsKit.Core.Platform;

/// <summary>
/// What to run. <see cref="Environment"/> null inherits the current environment; otherwise it is the whole environment.
/// <see cref="OutputLine"/>, when set, is given each line the child writes (stdout or stderr, without its line end) as it
/// arrives, one call at a time; the result still holds the whole output.
/// </summary>
public sealed record ProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    byte[]? StandardInput = null,
    IReadOnlyDictionary<string, string>? Environment = null,
    string? WorkingDirectory = null,
    Action<string>? OutputLine = null)
{
    /// <summary>
    /// A cleanup call a run makes after it was interrupted (a canary's weight 0 and uninstall): a runner that refuses new
    /// processes after a signal still starts it, so a strategy never ends half way.
    /// </summary>
    public bool Cleanup { get; init; }
}
