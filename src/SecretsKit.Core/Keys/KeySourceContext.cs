using SecretsKit.Core.Platform;

namespace SecretsKit.Core.Keys;

/// <summary>What key sources may use from the outside world: environment, child processes, time.</summary>
public sealed record KeySourceContext(IEnvironment Environment, IProcessRunner Processes, TimeProvider Time)
{
    public static KeySourceContext System { get; } =
        new(SystemEnvironment.Instance, SystemProcessRunner.Instance, TimeProvider.System);
}
