namespace SecretsKit.Deploy.Refs;

/// <summary>Resolves the references of one scheme (<c>vault</c>, <c>env</c>, …). Throws naming the ref when absent.</summary>
public interface IRefBackend
{
    Task<ResolvedRef> ResolveAsync(RefUri reference, CancellationToken cancellationToken);
}
