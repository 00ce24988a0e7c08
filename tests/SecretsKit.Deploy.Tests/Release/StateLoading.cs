using SecretsKit.Core.Age;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Tests.Release;

/// <summary>Loads a state file of a test directory as <c>secretskit release</c> does (age keys only, warnings collected).</summary>
internal static class StateLoading
{
    public static Task<LoadedState> LoadAsync(string directory, string file, string environment = "default", string[]? set = null,
        Dictionary<string, string>? variables = null, List<string>? warnings = null)
    {
        var env = new MapEnvironment(variables ?? new Dictionary<string, string>(StringComparer.Ordinal), Path.GetTempPath(), directory);
        var keys = new KeySourceContext(env, SystemProcessRunner.Instance, TimeProvider.System);
        var engine = new SopsEngine(new KeySourceRegistry().Register(new AgeKeySource(keys)), TimeProvider.System);
        var options = new StateLoadOptions(environment, set ?? [], [], false, env, SystemProcessRunner.Instance, new ReleaseDecryption(engine, DecryptOptions.Default, null))
        {
            Warn = w => warnings?.Add(w),
        };
        return StateLoader.LoadAsync([Path.Combine(directory, file)], options, CancellationToken.None);
    }
}
