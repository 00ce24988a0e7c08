namespace SecretsKit.Agent.Model;

internal enum RefreshPolicyKind { Periodic, OnChange, CreatedOnce }
