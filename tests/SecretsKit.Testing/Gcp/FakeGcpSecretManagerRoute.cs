namespace SecretsKit.Testing.Gcp;

/// <summary>A parsed Secret Manager path: project, optional location, secret id, version and custom verb.</summary>
internal sealed record FakeGcpSecretManagerRoute(string Project, string? Location, string? SecretId, string? Version, string? Verb)
{
    public string Operation(string method) => (method, SecretId, Verb) switch
    {
        (_, _, "access") => "access",
        (_, _, "addVersion") => "addVersion",
        ("GET", null, _) => "list",
        ("POST", null, _) => "create",
        ("DELETE", _, _) => "delete",
        ("PATCH", not null, null) => "update",
        _ => "get",
    };
}
