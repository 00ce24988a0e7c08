using System.Text.Json.Nodes;
using SecretsKit.Agent.ChangeEvents;
using SecretsKit.Agent.ChangeEvents.Sqs;

namespace SecretsKit.Agent.Tests.ChangeEvents;

/// <summary>What an event's tags say about a tags-only find, and the CloudTrail tag shapes the SQS source reads.</summary>
public sealed class TagChangeTests
{
    private static readonly Dictionary<string, string> Find = new() { ["team"] = "payments", ["env"] = "prod" };
    private static readonly SqsQueueAddress Queue = new("eu-west-1", "123456789012", "secret-events");

    private static TagChange Change(bool complete, (string, string)[] set, params string[] removed) =>
        new(set.ToDictionary(t => t.Item1, t => t.Item2), removed, complete);

    [Fact]
    public void The_complete_tag_set_matches_only_when_it_holds_every_tag_of_the_find()
    {
        Assert.True(Change(true, [("team", "payments"), ("env", "prod"), ("x", "y")]).MayMatch(Find));
        Assert.False(Change(true, [("team", "payments")]).MayMatch(Find));
        Assert.False(Change(true, [("team", "payments"), ("env", "dev")]).MayMatch(Find));
    }

    [Fact]
    public void A_tag_change_matches_when_it_sets_one_of_the_finds_tags_and_contradicts_none()
    {
        Assert.True(Change(false, [("team", "payments")]).MayMatch(Find)); // env unknown: may already be prod
        Assert.False(Change(false, [("owner", "payments")]).MayMatch(Find)); // sets none of the find's tags
        Assert.False(Change(false, [("team", "payments"), ("env", "dev")]).MayMatch(Find));
        Assert.False(Change(false, [("team", "payments")], "env").MayMatch(Find));
        Assert.False(Change(false, [], "team").MayMatch(Find)); // an untag never adds a secret (one the find returned is refreshed anyway)
    }

    private static string Call(string eventName, JsonObject requestParameters) => new JsonObject
    {
        ["detail-type"] = "AWS API Call via CloudTrail", ["source"] = "aws.secretsmanager", ["account"] = "123456789012", ["region"] = "eu-west-1",
        ["detail"] = new JsonObject
        {
            ["eventSource"] = "secretsmanager.amazonaws.com", ["eventName"] = eventName, ["requestParameters"] = requestParameters,
        },
    }.ToJsonString();

    [Fact]
    public void TagResource_UntagResource_and_CreateSecret_carry_their_tags_with_the_secret()
    {
        var tagged = SecretsManagerEvents.Map("h", Call("TagResource", new JsonObject
        {
            ["secretId"] = "app/db", ["tags"] = new JsonArray(new JsonObject { ["key"] = "team", ["value"] = "payments" }),
        }), Queue, parameterStore: false);
        var untagged = SecretsManagerEvents.Map("h", Call("UntagResource", new JsonObject { ["secretId"] = "app/db", ["tagKeys"] = new JsonArray("team") }), Queue, false);
        var created = SecretsManagerEvents.Map("h", Call("CreateSecret", new JsonObject { ["name"] = "app/new" }), Queue, false);

        Assert.Equal(["app/db"], tagged.Keys);
        Assert.Equal("payments", tagged.Tags!.Set["team"]);
        Assert.False(tagged.Tags.Complete);
        Assert.Equal(["team"], untagged.Tags!.Removed);
        Assert.Equal(["app/new"], created.Keys);
        Assert.True(created.Tags!.Complete);
        Assert.Empty(created.Tags.Set);
    }

    [Fact]
    public void Tags_that_are_not_strings_or_too_many_are_ignored_but_the_secret_still_refreshes_its_readers()
    {
        var many = new JsonArray([.. Enumerable.Range(0, 65).Select(i => (JsonNode)new JsonObject { ["key"] = $"k{i}", ["value"] = "v" })]);
        var tooMany = SecretsManagerEvents.Map("h", Call("TagResource", new JsonObject { ["secretId"] = "app/db", ["tags"] = many }), Queue, false);
        var notStrings = SecretsManagerEvents.Map("h", Call("TagResource", new JsonObject
        {
            ["secretId"] = "app/db", ["tags"] = new JsonArray(new JsonObject { ["key"] = "team", ["value"] = 7 }),
        }), Queue, false);

        Assert.Equal(["app/db"], tooMany.Keys);
        Assert.Null(tooMany.Tags);
        Assert.Equal(["app/db"], notStrings.Keys);
        Assert.Null(notStrings.Tags);
    }
}
