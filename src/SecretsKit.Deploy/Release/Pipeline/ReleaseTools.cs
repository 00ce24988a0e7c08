using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// What a <see cref="ReleasePipeline"/> works with besides the state file and options: helm, the decryption of value
/// files, the clock, the output streams, and the process runner for hooks (none: hooks are not run).
/// </summary>
public sealed record ReleaseTools(HelmClient Helm, ReleaseDecryption Decryption, TimeProvider Time, TextWriter Stdout, TextWriter Stderr,
    IProcessRunner? HookProcesses = null);
