namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// What one scan may spend on admission policies in total: CEL cost across every object, policy and binding (default
/// 200 × the API server's per-binding budget), so many objects times many hostile policies still end. Once spent, every
/// further evaluation is out of budget and its policy's failurePolicy decides.
/// </summary>
public sealed class AdmissionLimits(long totalCost = 200 * CelBudget.RuntimeBudget)
{
    private long _spent;

    public long Remaining => Math.Max(0, totalCost - Interlocked.Read(ref _spent));

    public bool Spent => Remaining == 0;

    internal void Charge(long cost) => Interlocked.Add(ref _spent, cost);
}
