namespace SecretsKit.Testing.Fuzz;

/// <summary>
/// What one fuzz case did: the broken invariant (null when it held), the exit code (0 when the file decrypted with its
/// MAC verified, the refusal's otherwise, null after a crash or a hang), its wall time, and the bytes the process
/// allocated meanwhile (the case's own when nothing else runs, as in <c>bench/Fuzz</c>).
/// </summary>
public sealed record FuzzOutcome(string? Problem, int? ExitCode, TimeSpan Elapsed, long AllocatedBytes);
