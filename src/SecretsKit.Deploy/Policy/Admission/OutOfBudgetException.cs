namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>The running cost budget of one policy evaluation (the API server's <c>RuntimeCELCostBudget</c>) is spent: no further expression of it runs.</summary>
public sealed class OutOfBudgetException : Exception
{
    public const string Text = "validation failed due to running out of cost budget, no further validation rules will be run";

    public OutOfBudgetException() : base(Text)
    {
    }

    public OutOfBudgetException(string message) : base(message)
    {
    }

    public OutOfBudgetException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
