using SecretsKit.Cel;

namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// The one type check of the API server's composited compiler that an untyped evaluation would only meet at run time:
/// <c>variables</c> is an object type whose fields are the variables compiled so far (<c>k8s.io/apiserver</c>'s
/// <c>cel/composition.go</c> compiles them in order, each seeing only earlier ones; every other expression sees all), so
/// selecting a later or undeclared one is cel-go's checker error <c>undefined field 'name'</c>, in cel-go's display form
/// (<see cref="CelProgram.DisplayError"/>), after the API server's <c>compilation failed: </c>.
/// </summary>
internal static class UndefinedVariables
{
    /// <summary>The compile error of <paramref name="program"/> when it selects a variable <paramref name="declared"/> does not hold; else null.</summary>
    public static string? Check(CelProgram program, Func<string, bool> declared)
    {
        List<string>? issues = null;
        foreach (var (field, position) in program.FieldSelections("variables"))
        {
            if (!declared(field)) (issues ??= []).Add(program.DisplayError(position, $"undefined field '{field}'"));
        }
        return issues is null ? null : "compilation failed: " + string.Join('\n', issues);
    }
}
