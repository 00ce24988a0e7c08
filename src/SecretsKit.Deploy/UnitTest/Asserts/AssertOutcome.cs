namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary>Whether an assertion passed on one template and, when not, the lines helm-unittest prints.</summary>
internal sealed record AssertOutcome(bool Passed, List<string> Info)
{
    public static AssertOutcome Pass { get; } = new(true, []);
}
