using SecretsKit.Deploy.Policy.Admission;
using static SecretsKit.Deploy.Tests.Policy.Admission.AdmissionRun;

namespace SecretsKit.Deploy.Tests.Policy.Admission;

/// <summary>
/// <c>spec.variables</c> as k8s.io/apiserver composes them (<c>cel/composition.go</c>): lazily, at the first
/// <c>variables.name</c> of a group of expressions, at most once per group, with its cost charged then; a failing
/// variable is an error only where it is used, in the API server's words.
/// </summary>
public sealed class AdmissionVariablesTests
{
    private const string Prefix = "ValidatingAdmissionPolicy 'p' with binding 'b' denied request: ";

    private static string Policy(string variables, string validations, string failurePolicy = "Fail", string extra = "") => $$"""
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: p}
        spec:
          failurePolicy: {{failurePolicy}}
          matchConstraints:
            resourceRules: [{apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}]
          variables: {{variables}}
          validations: {{validations}}
        {{extra}}
        """ + BindingOfP;

    private static readonly string Web = Deployment("web", 1);

    [Fact]
    public void A_failing_variable_that_no_expression_uses_denies_nothing()
    {
        const string broken = "[{name: broken, expression: \"object.spec.nope.size() > 0\"}, {name: bad, expression: \"object.spec.replicas >\"}]";
        Assert.Empty(Findings(Policy(broken, "[{expression: \"object.spec.replicas <= 5\"}]"), Web));
        Assert.Empty(Findings(Policy(broken, "[{expression: \"object.spec.replicas <= 5\"}]", extra: "  auditAnnotations: [{key: r, valueExpression: \"string(object.spec.replicas)\"}]"), Web));
    }

    [Fact]
    public void A_failing_variable_that_is_used_gives_the_API_servers_composited_variable_error_under_Fail_and_nothing_under_Ignore()
    {
        const string broken = "[{name: broken, expression: \"object.spec.nope.size() > 0\"}]";
        var f = Assert.Single(Findings(Policy(broken, "[{expression: \"variables.broken\"}]"), Web));
        Assert.Equal(Prefix + "expression 'variables.broken' resulted in error: composited variable \"broken\" fails to evaluate: no such key: nope", f.Message);
        Assert.Empty(Findings(Policy(broken, "[{expression: \"variables.broken\"}]", failurePolicy: "Ignore"), Web));

        // short-circuited: the variable is never selected, so never evaluated
        Assert.Empty(Findings(Policy(broken, "[{expression: \"object.spec.replicas < 5 || variables.broken\"}]"), Web));

        var uncompiled = Assert.Single(Findings(Policy("[{name: bad, expression: \"object.spec.replicas >\"}]", "[{expression: \"variables.bad\"}]"), Web));
        Assert.StartsWith(Prefix + "expression 'variables.bad' resulted in error: composited variable \"bad\" fails to compile: compilation failed: ERROR: <input>:1:", uncompiled.Message, StringComparison.Ordinal);
    }

    /// <summary>cel-go's checker error for <c>variables.name</c> at <paramref name="column"/> (1-based), with its source line and caret, after the API server's prefix.</summary>
    private static string Undefined(string expression, string name, int column) =>
        $"compilation failed: ERROR: <input>:1:{column}: undefined field '{name}'\n | {expression}\n | {new string('.', column - 1)}^";

    [Fact]
    public void A_variable_that_selects_a_later_one_fails_to_compile_as_the_API_server_compiles_variables_in_order()
    {
        const string cycle = "[{name: a, expression: \"variables.b + 1\"}, {name: b, expression: \"variables.a + 1\"}]";
        var f = Assert.Single(Findings(Policy(cycle, "[{expression: \"variables.b > 0\"}]"), Web));
        Assert.Equal(Prefix + "expression 'variables.b > 0' resulted in error: composited variable \"b\" fails to evaluate: "
            + "composited variable \"a\" fails to compile: " + Undefined("variables.b + 1", "b", 10), f.Message);
        Assert.Empty(Findings(Policy(cycle, "[{expression: \"variables.b > 0\"}]", failurePolicy: "Ignore"), Web));
        Assert.Empty(Findings(Policy("[{name: a, expression: \"1\"}, {name: b, expression: \"variables.a + 1\"}]", "[{expression: \"variables.b == 2\"}]"), Web));

        // a compile error, not an evaluation one: the branch that selects the later variable is never taken, and still it fails
        const string later = "[{name: a, expression: \"object.spec.replicas > 0 || variables.b\"}, {name: b, expression: \"true\"}]";
        var compiled = Assert.Single(Findings(Policy(later, "[{expression: \"variables.a\"}]"), Web));
        Assert.Equal(Prefix + "expression 'variables.a' resulted in error: composited variable \"a\" fails to compile: "
            + Undefined("object.spec.replicas > 0 || variables.b", "b", 38), compiled.Message);
    }

    [Fact]
    public void An_expression_that_selects_an_undeclared_variable_is_a_compilation_error_under_Fail_even_on_a_branch_never_taken()
    {
        const string one = "[{name: a, expression: \"true\"}]";
        var f = Assert.Single(Findings(Policy(one, "[{expression: \"variables.a || variables.nope\"}]"), Web));
        Assert.Equal(Prefix + "compilation error: " + Undefined("variables.a || variables.nope", "nope", 25), f.Message);
        Assert.Empty(Findings(Policy(one, "[{expression: \"variables.a || variables.nope\"}]", failurePolicy: "Ignore"), Web));

        // no variables at all: variables is an object with no fields; each undefined selection is one issue, in source order
        var none = Assert.Single(Findings(Policy("[]", "[{expression: \"has(variables.x) || variables.y\"}]"), Web));
        Assert.StartsWith(Prefix + "compilation error: compilation failed: ERROR: <input>:1:", none.Message, StringComparison.Ordinal);
        Assert.Contains("undefined field 'x'", none.Message, StringComparison.Ordinal);
        Assert.EndsWith("\n" + Undefined("has(variables.x) || variables.y", "y", 30)["compilation failed: ".Length..], none.Message, StringComparison.Ordinal);

        // columns count code points, and cel-go's indicator line marks a multi-byte one with a wide dot
        var wide = Assert.Single(Findings(Policy(one, "[{expression: \"'é' != '' || variables.z\"}]"), Web));
        Assert.EndsWith(": undefined field 'z'\n | 'é' != '' || variables.z\n | .\uFF0E....................^", wide.Message, StringComparison.Ordinal);
        Assert.Contains("ERROR: <input>:1:23: ", wide.Message, StringComparison.Ordinal);

        // a comprehension variable named variables hides the policy's variables
        Assert.Empty(Findings(Policy(one, "[{expression: \"[{'x': 1}].all(variables, variables.x == 1) && variables.a\"}]"), Web));
    }

    [Fact]
    public void MatchConditions_see_the_variables_and_an_undeclared_one_there_fails_under_Fail()
    {
        const string one = "[{name: big, expression: \"object.spec.replicas > 3\"}]";
        var conditions = "  matchConditions: [{name: only-big, expression: \"variables.big\"}]";
        Assert.Empty(Findings(Policy(one, "[{expression: \"false\", message: never}]", extra: conditions), Web));
        Assert.Single(Findings(Policy(one, "[{expression: \"false\", message: big}]", extra: conditions), Deployment("big", 5)));

        var undeclared = Assert.Single(Findings(Policy(one, "[{expression: \"true\"}]", extra: "  matchConditions: [{name: c, expression: \"variables.small\"}]"), Web));
        Assert.Equal(Prefix + "compilation error: " + Undefined("variables.small", "small", 10), undeclared.Message);
    }

    /// <summary>A variable worth a few hundred cost units: 40 numbers squared and filtered.</summary>
    private static readonly string Costly = "[{name: v, expression: \"[" + string.Join(",", Enumerable.Range(1, 40)) + "].map(x, x * x).filter(x, x % 3 == 0)\"}]";

    private static long Cost(string policy)
    {
        var limits = new AdmissionLimits();
        var before = limits.Remaining;
        Scan(policy, Web, limits: limits);
        return before - limits.Remaining;
    }

    [Fact]
    public void A_variable_is_charged_once_per_group_however_often_it_is_used_and_not_at_all_when_unused()
    {
        var none = Cost(Policy("[]", "[{expression: \"true\"}]"));
        var unused = Cost(Policy(Costly, "[{expression: \"true\"}]"));
        var once = Cost(Policy(Costly, "[{expression: \"variables.v.size() >= 0\"}]"));
        var thrice = Cost(Policy(Costly, "[{expression: \"variables.v.size() >= 0\"}, {expression: \"variables.v.size() >= 1\"}, {expression: \"size(variables.v) < 99\"}]"));
        var variable = once - none;

        Assert.Equal(none, unused);
        Assert.True(variable > 100, $"the variable cost {variable}");
        Assert.True(thrice - once < variable / 4, $"two more uses cost {thrice - once}, the first with the variable {variable}");

        // the messageExpressions are a group of their own: a failed validation's message pays for the variable again
        var withMessage = Cost(Policy(Costly, "[{expression: \"variables.v.size() > 99\", messageExpression: \"'only ' + string(variables.v.size())\"}]"));
        Assert.True(withMessage - once > variable, $"the message group cost {withMessage - once}");
    }
}
