using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>age identities from the fixtures, by recipient.</summary>
internal static class TestKeys
{
    public const string AgeRecipient = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun";
    public const string OtherAgeRecipient = "age1afnrdrkyvy0sl5e08t9ffs4c7g5e5npc8luf7hjc77syewg5gajsls4r90";

    public static string AgeIdentityFile => SharedFixtures.PathOf("age-unittest-identity.txt");

    public static string OtherAgeIdentityFile => SharedFixtures.PathOf("age-unittest-other-identity.txt");
}
