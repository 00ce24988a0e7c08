namespace SecretsKit.Deploy.Policy.Model;

/// <summary>What a check found in one object: the JSON path of the offending field or block, and what should change. Never a value.</summary>
internal readonly record struct PolicyHit(string Path, string Message);
