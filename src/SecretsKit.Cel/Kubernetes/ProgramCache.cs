using SecretsKit.Cel.Syntax;
using SecretsKit.Go;

namespace SecretsKit.Cel.Kubernetes;

/// <summary>Compiled rules by environment and text, so validating many objects against the same CRD parses each
/// rule once (bounded: past the bound, rules are compiled each time).</summary>
internal static class ProgramCache
{
    private static readonly BoundedCache<(CelEnvironment Environment, string Expression), object> Programs = new(10_000);

    /// <summary>The compiled program, or throws the <see cref="CelSyntaxException"/> compiling it threw.</summary>
    public static CelProgram Compile(string expression, CelEnvironment environment)
    {
        var entry = Programs.GetOrAdd((environment, expression), Create);
        return entry as CelProgram ?? throw new CelSyntaxException(((CelSyntaxException)entry).Message) { IsLimit = ((CelSyntaxException)entry).IsLimit };
    }

    private static object Create((CelEnvironment Environment, string Expression) key)
    {
        try
        {
            return CelProgram.Compile(key.Expression, key.Environment);
        }
        catch (CelSyntaxException e)
        {
            return e;
        }
    }
}
