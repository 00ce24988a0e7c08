namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// A policy or binding that cannot be applied to a request as configured (a label selector with an unknown operator,
/// a param reference that cannot be resolved): the API server's "failed to configure binding" case, decided by the
/// policy's failurePolicy.
/// </summary>
public sealed class AdmissionConfigException : Exception
{
    public AdmissionConfigException()
    {
    }

    public AdmissionConfigException(string message) : base(message)
    {
    }

    public AdmissionConfigException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
