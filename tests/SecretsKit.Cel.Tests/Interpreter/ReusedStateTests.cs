using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Kubernetes;
using SecretsKit.Cel.Values;
using static SecretsKit.Cel.Tests.Cel;

namespace SecretsKit.Cel.Tests.Interpreter;

/// <summary>
/// What the per-thread evaluation state, the pooled argument arrays and the comprehension variables bound once must
/// not change: nested comprehensions keep each element's value, a result built in a comprehension keeps the values it
/// read, an evaluation after a cost-limit failure starts at zero cost, and rules evaluated at once from several threads
/// each see their own <c>self</c>.
/// </summary>
public sealed class ReusedStateTests
{
    private static List<object?> Items(object? list) => [.. Assert.IsType<CelList>(list).Items];

    [Fact]
    public void Nested_comprehensions_keep_each_elements_value()
    {
        var rows = Items(Eval("[1, 2, 3].map(x, [10, 20].map(y, x * y))")).Select(Items).ToList();
        Assert.Equal([[10L, 20L], [20L, 40L], [30L, 60L]], rows);
        Assert.Equal(true, Eval("[1, 2].all(i, v, [3, 4].exists(j, w, i == j && v + w == 4 + 2 * i))"));
        Assert.Equal([0L, 1L, 2L], Items(Eval("['a', 'b', 'c'].transformList(i, v, i)")));
    }

    [Fact]
    public void A_failed_evaluation_leaves_nothing_behind_for_the_next()
    {
        Assert.Throws<CelCostLimitExceededException>(() => Eval("[1, 2, 3, 4, 5].map(x, [1, 2, 3, 4, 5].map(y, x + y))", costLimit: 20));
        var program = CelProgram.Compile("self.size() + size([self])", Cel.Environment);
        var result = program.Evaluate(Vars(("self", "abc")));
        Assert.Equal(4L, result.Value);
        Assert.Equal(program.Evaluate(Vars(("self", "abc"))).Cost, result.Cost);
        Assert.IsType<CelError>(Eval("self", Vars()));
    }

    [Fact]
    public void Rules_evaluated_from_several_threads_each_see_their_own_self()
    {
        var rule = new KubernetesRule("self.name.startsWith('ok') && self.items.all(i, i < self.limit)") { MessageExpression = "'bad ' + self.name" }.Compile();
        var outcomes = new string[400];
        Parallel.For(0, outcomes.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var self = Map(("name", i % 2 == 0 ? $"ok{i}" : $"no{i}"), ("items", new List<object?> { 1L, 2L, (long)i }), ("limit", 1000L));
            var result = rule.Evaluate(self);
            outcomes[i] = result.Outcome == KubernetesRuleOutcome.Passed ? "passed" : result.Message;
        });
        for (var i = 0; i < outcomes.Length; i++) Assert.Equal(i % 2 == 0 ? "passed" : $"bad no{i}", outcomes[i]);
    }
}
