namespace SecretsKit.Deploy.UnitTest.Values;

/// <summary>A suite file that cannot be used as written (bad YAML, unknown field under <c>--strict</c>, no tests, no asserts, bad assertion).</summary>
internal sealed class SuiteException(string message) : Exception(message);
