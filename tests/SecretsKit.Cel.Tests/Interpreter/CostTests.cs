using SecretsKit.Cel.Interpreter;

namespace SecretsKit.Cel.Tests.Interpreter;

public sealed class CostTests
{
    [Fact]
    public void Cost_is_reported_and_grows_with_work()
    {
        var small = CelProgram.Compile("[1, 2, 3].all(x, x > 0)", Cel.Environment).Evaluate(new Dictionary<string, object?>());
        var large = CelProgram.Compile("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(x, x > 0)", Cel.Environment).Evaluate(new Dictionary<string, object?>());
        Assert.True(small.Cost > 0);
        Assert.True(large.Cost > small.Cost);
    }

    [Fact]
    public void A_rule_over_its_cost_limit_ends_with_a_typed_exception()
    {
        var program = CelProgram.Compile("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(x, x > 0)", Cel.Environment);
        var error = Assert.Throws<CelCostLimitExceededException>(() => program.Evaluate(new Dictionary<string, object?>(), costLimit: 10));
        Assert.Equal(10, error.Limit);
    }

    [Fact]
    public void Nested_comprehensions_stop_within_the_budget()
    {
        // 10 levels of 10 iterations would be 10^10 steps; the default per-call limit ends it.
        var inner = "1";
        for (var level = 0; level < 10; level++)
            inner = $"[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(x{level}, {inner})";
        var program = CelProgram.Compile(inner, Cel.Environment);
        Assert.Throws<CelCostLimitExceededException>(() => program.Evaluate(new Dictionary<string, object?>()));
    }

    [Fact]
    public void Growing_strings_are_charged_before_they_are_built()
    {
        // Each replace multiplies the length by 10: 10^12 characters if allowed to run.
        var expression = "'aaaaaaaaaa'";
        for (var i = 0; i < 12; i++)
            expression = $"{expression}.replace('a', 'aaaaaaaaaa')";
        var program = CelProgram.Compile(expression, Cel.Environment);
        Assert.Throws<CelCostLimitExceededException>(() => program.Evaluate(new Dictionary<string, object?>()));
    }

    [Fact]
    public void Growing_lists_are_charged_before_they_are_built()
    {
        var expression = "cel.bind(l0, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], ";
        for (var i = 1; i <= 30; i++)
            expression += $"cel.bind(l{i}, l{i - 1} + l{i - 1}, ";
        expression += "size(l30) > 0" + new string(')', 31);
        var program = CelProgram.Compile(expression, Cel.Environment);
        Assert.Throws<CelCostLimitExceededException>(() => program.Evaluate(new Dictionary<string, object?>()));
    }

    [Fact]
    public void Cancellation_stops_evaluation()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var program = CelProgram.Compile("[1, 2, 3].all(x, x > 0)", Cel.Environment);
        Assert.Throws<OperationCanceledException>(() => program.Evaluate(new Dictionary<string, object?>(), cancellationToken: cancellation.Token));
    }

    [Fact]
    public void The_default_limit_is_the_kubernetes_per_call_limit() =>
        Assert.Equal(1_000_000, CelEnvironment.Kubernetes().CostLimit);
}
