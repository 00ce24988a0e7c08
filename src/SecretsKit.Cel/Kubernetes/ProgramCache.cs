using System.Collections.Concurrent;
using SecretsKit.Cel.Syntax;

namespace SecretsKit.Cel.Kubernetes;

/// <summary>Compiled rules by environment and text, so validating many objects against the same CRD parses each
/// rule once (bounded: past the bound, rules are compiled each time).</summary>
internal static class ProgramCache
{
    private const int MaxEntries = 10_000;
    private static readonly ConcurrentDictionary<(CelEnvironment, string), object> Programs = new();

    /// <summary>The compiled program, or throws the <see cref="CelSyntaxException"/> compiling it threw.</summary>
    public static CelProgram Compile(string expression, CelEnvironment environment)
    {
        if (!Programs.TryGetValue((environment, expression), out var entry))
        {
            try
            {
                entry = CelProgram.Compile(expression, environment);
            }
            catch (CelSyntaxException e)
            {
                entry = e;
            }
            if (Programs.Count < MaxEntries)
                Programs.TryAdd((environment, expression), entry);
        }
        return entry as CelProgram ?? throw new CelSyntaxException(((CelSyntaxException)entry).Message) { IsLimit = ((CelSyntaxException)entry).IsLimit };
    }
}
