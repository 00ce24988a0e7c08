using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Refs;

/// <summary><c>ref+env://VAR</c>: an environment variable (always a string); unset is an error.</summary>
public sealed class EnvRefBackend(IEnvironment environment) : IRefBackend
{
    public Task<ResolvedRef> ResolveAsync(RefUri reference, CancellationToken cancellationToken) =>
        Task.FromResult(environment.Get(reference.Path) is { } value
            ? new ResolvedRef(value, false)
            : throw new SecretsKitException(ExitCodes.Generic, $"{reference.Text}: environment variable {reference.Path} is not set"));
}
