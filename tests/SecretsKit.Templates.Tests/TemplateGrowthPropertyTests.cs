using SecretsKit.Templates;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Syntax;
using SecretsKit.Testing.Fuzz;
using Xunit.Abstractions;

namespace SecretsKit.Templates.Tests;

/// <summary>
/// Issue #61's property: random compositions of the functions that grow a value (serializers, formatting, string
/// growth, list and map building, copies) over shared structure, in loops, either render or end in a template error,
/// and never allocate more than a fixed multiple of the build budget on the way.
/// </summary>
public sealed class TemplateGrowthPropertyTests(ITestOutputHelper output)
{
    private const int Programs = 300;

    /// <summary>64 KiB of output, so the build budget is 1 Mi characters (2 MiB).</summary>
    private static readonly TemplateLimits Limits = new() { MaxSteps = 200_000, MaxOutput = 64 << 10, MaxDuration = TimeSpan.FromSeconds(30) };

    /// <summary>What a program may allocate: this many times the build budget's bytes, plus parsing and the evaluator's own.</summary>
    private const long Factor = 16;

    [Theory]
    [InlineData("sprig")]
    [InlineData("eso")]
    [InlineData("helmfile")]
    public void Random_growth_programs_stay_within_a_fixed_multiple_of_the_budget(string flavour)
    {
        var functions = GoDifferentialFlavours.Functions(flavour);
        var options = new TemplateOptions { Limits = Limits };
        var budgetBytes = Limits.BuildBudget * 2;
        var (rendered, stopped, worst) = (0, 0, 0L);
        for (var seed = 0; seed < Programs; seed++)
        {
            var random = new Random(seed);
            var text = GrowthPrograms.Next(random, withYaml: flavour is not "sprig");
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                Template.Render("p", text, new Dictionary<string, object?>(), functions, options);
                rendered++;
            }
            catch (GoTemplateException e)
            {
                Assert.DoesNotContain("internal error", e.Message, StringComparison.Ordinal);
                stopped++;
            }
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            worst = Math.Max(worst, allocated);
            Assert.True(allocated <= (Factor * budgetBytes) + (8 << 20), $"seed {seed} allocated {allocated >> 20} MiB (budget {budgetBytes >> 20} MiB): {text}");
        }
        output.WriteLine($"{flavour}: {rendered} rendered, {stopped} stopped; most allocated by one program: {worst >> 10} KiB (build budget {budgetBytes >> 10} KiB)");
        Assert.True(stopped > Programs / 10, $"only {stopped} of {Programs} programs reached a budget: the generator does not grow enough");
    }
}
