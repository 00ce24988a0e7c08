namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary>One assertion type's check (helm-unittest's validator), given its parameters when built.</summary>
internal interface IAssertValidator
{
    AssertOutcome Validate(ValidateContext context);
}
