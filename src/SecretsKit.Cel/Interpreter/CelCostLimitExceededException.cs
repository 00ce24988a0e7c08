namespace SecretsKit.Cel.Interpreter;

/// <summary>Evaluation ran past its cost budget (the runtime cost limit); no result. Kubernetes reports it as
/// "operation cancelled: actual cost limit exceeded".</summary>
public sealed class CelCostLimitExceededException : Exception
{
    public CelCostLimitExceededException()
        : base("operation cancelled: actual cost limit exceeded")
    {
    }

    public CelCostLimitExceededException(string message) : base(message)
    {
    }

    public CelCostLimitExceededException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public long Limit { get; init; }
}
