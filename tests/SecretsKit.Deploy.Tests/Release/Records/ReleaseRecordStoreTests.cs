using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.Records;

namespace SecretsKit.Deploy.Tests.Release.Records;

/// <summary>A record's JSON round-trips, and one read back from the cluster is refused when it is not a record of this version or too large.</summary>
public sealed class ReleaseRecordStoreTests
{
    [Fact]
    public void A_record_round_trips_through_its_json()
    {
        var record = new ReleaseRecord
        {
            Environment = "staging", Command = "apply", Outcome = "passed", Actor = "alice",
            Releases = [new ReleaseRecordEntry { Name = "backend", Namespace = "shop", Revision = 3, SecretKeys = ["secrets.apiToken"] }],
        };
        var json = ReleaseRecordStore.ToJson(record);
        var back = ReleaseRecordStore.Parse(json, "test");

        Assert.Contains("\"version\": \"secretskit.io/release-record/v1\"", json, StringComparison.Ordinal);
        Assert.Equal(json, ReleaseRecordStore.ToJson(back));
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"version\":\"secretskit.io/release-record/v0\"}", "is not a record of secretskit.io/release-record/v1")]
    [InlineData("[1,2]", "is not a valid record")]
    [InlineData("{\"version\":", "is not a valid record")]
    public void A_record_of_another_shape_is_refused(string json, string message)
    {
        var e = Assert.ThrowsAny<SecretsKitException>(() => ReleaseRecordStore.Parse(json, "the release record of staging"));
        Assert.Contains("the release record of staging " + message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_past_the_size_and_depth_bounds_is_refused()
    {
        var large = "{\"version\":\"secretskit.io/release-record/v1\",\"actor\":\"" + new string('a', 1 << 20) + "\"}";
        Assert.Contains("is larger than 1 MiB", Assert.ThrowsAny<SecretsKitException>(() => ReleaseRecordStore.Parse(large, "r")).Message, StringComparison.Ordinal);
        var deep = "{\"version\":\"secretskit.io/release-record/v1\",\"releases\":[" + string.Concat(Enumerable.Repeat("[", 40)) + string.Concat(Enumerable.Repeat("]", 40)) + "]}";
        Assert.Contains("is not a valid record", Assert.ThrowsAny<SecretsKitException>(() => ReleaseRecordStore.Parse(deep, "r")).Message, StringComparison.Ordinal);
    }
}
