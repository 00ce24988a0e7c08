namespace SecretsKit.Cloud.Tests.Providers;

/// <summary>The source scan behind the auth tables' "one home per field" tests finds a field spelled elsewhere.</summary>
public sealed class AuthFieldHomesTests
{
    private static readonly IReadOnlyList<(string File, IReadOnlyList<string> Fields)> Methods =
        [("KeyAuth.cs", ["secretRef", "secretRef.keyRef"]), ("JwtAuth.cs", ["jwt", "jwt.serviceAccountRef"])];

    [Fact]
    public void A_field_path_spelled_in_a_provider_or_another_methods_file_is_reported_with_its_home()
    {
        var files = new Dictionary<string, string>
        {
            ["KeyAuth.cs"] = """class K { string[] F = ["secretRef", "secretRef.keyRef"]; string M(string f) => $"{f}.secretRef.keyRef"; }""",
            ["JwtAuth.cs"] = """class J { string M(string f) => $"{f}.jwt.serviceAccountRef needs secretRef.keyRef"; }""",
            ["Provider.cs"] = """class P { string[] F = ["region", "auth.jwt"]; /* auth.secretRef in a comment is no spelling */ }""",
        };

        var problems = AuthFieldHomes.Problems(files, Methods);

        Assert.Equal(["JwtAuth.cs: 'secretRef.keyRef' spells secretRef.keyRef of KeyAuth.cs", "Provider.cs: 'auth.jwt' spells jwt of JwtAuth.cs"], problems);
    }

    [Fact]
    public void Fields_spelled_only_in_their_methods_files_are_no_problem()
    {
        var files = new Dictionary<string, string>
        {
            ["KeyAuth.cs"] = """class K { string M(string f) => $"{f}.secretRef.keyRef"; }""",
            ["Other.cs"] = """class O { string S = "keyRef of a jwtToken"; }""",
        };

        Assert.Empty(AuthFieldHomes.Problems(files, Methods));
    }
}
