using SecretsKit.Agent.Tests.ChangeEvents;
using System.Text.Json.Nodes;
using SecretsKit.Agent.ChangeEvents.Sqs;

namespace SecretsKit.Agent.Tests.ChangeEvents.Sqs;

/// <summary>The EventBridge shapes the SQS source reads, and what it refuses.</summary>
public sealed class SecretsManagerEventsTests
{
    private static readonly SqsQueueAddress Queue = new("eu-west-1", "123456789012", "secret-events");
    private const string Arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-password-Ab12Cd";

    private static string Event(string source, string detailType, JsonObject detail, params string[] resources) => new JsonObject
    {
        ["version"] = "0", ["detail-type"] = detailType, ["source"] = source, ["account"] = "123456789012", ["region"] = "eu-west-1",
        ["resources"] = new JsonArray([.. resources.Select(r => (JsonNode)r)]), ["detail"] = detail,
    }.ToJsonString();

    [Fact]
    public void A_rotation_service_event_names_the_secret_by_arn_and_by_name()
    {
        var body = Event("aws.secretsmanager", "AWS Service Event via CloudTrail", new JsonObject
        {
            ["eventSource"] = "secretsmanager.amazonaws.com", ["eventName"] = "RotationSucceeded",
            ["additionalEventData"] = new JsonObject { ["SecretId"] = Arn },
        }, Arn);

        var message = SecretsManagerEvents.Map("h", body, Queue, parameterStore: false);

        Assert.Null(message.Dropped);
        Assert.Equal([Arn, "app/db-password"], message.Keys);
    }

    [Fact]
    public void An_api_call_with_the_old_aRN_spelling_is_read()
    {
        var body = Event("aws.secretsmanager", "AWS API Call via CloudTrail", new JsonObject
        {
            ["eventSource"] = "secretsmanager.amazonaws.com", ["eventName"] = "UpdateSecretVersionStage",
            ["requestParameters"] = new JsonObject { ["secretId"] = "app/db-password" },
            ["responseElements"] = new JsonObject { ["aRN"] = Arn },
        });

        Assert.Equal(["app/db-password", Arn], SecretsManagerEvents.Map("h", body, Queue, parameterStore: false).Keys);
    }

    [Fact]
    public void A_parameter_store_change_names_the_parameter_for_a_parameter_store_store_only()
    {
        var body = Event("aws.ssm", "Parameter Store Change", new JsonObject { ["name"] = "/app/password", ["operation"] = "Update" });

        Assert.Equal(["/app/password"], SecretsManagerEvents.Map("h", body, Queue, parameterStore: true).Keys);
        Assert.Empty(SecretsManagerEvents.Map("h", body, Queue, parameterStore: false).Keys);
    }

    [Theory]
    [InlineData("arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-password-Ab12Cd", "another region")]
    [InlineData("arn:aws:secretsmanager:eu-west-1:999999999999:secret:app/db-password-Ab12Cd", "another account")]
    [InlineData("arn:aws:iam::123456789012:role/admin", "not a Secrets Manager secret ARN")]
    [InlineData("app/../../x", "would refuse")]
    [InlineData("http://169.254.169.254/latest", "would refuse")]
    public void A_secret_id_of_another_account_region_service_or_a_path_drops_the_message(string secretId, string reason)
    {
        var body = Event("aws.secretsmanager", "AWS API Call via CloudTrail", new JsonObject
        {
            ["eventSource"] = "secretsmanager.amazonaws.com", ["eventName"] = "PutSecretValue",
            ["requestParameters"] = new JsonObject { ["secretId"] = secretId },
        });

        var message = SecretsManagerEvents.Map("h", body, Queue, parameterStore: false);

        Assert.Empty(message.Keys);
        Assert.Contains(reason, message.Dropped, StringComparison.Ordinal);
    }
}
