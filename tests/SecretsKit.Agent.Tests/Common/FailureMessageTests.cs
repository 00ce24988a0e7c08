using SecretsKit.Agent.Common;
using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.Tests.Common;

/// <summary>
/// The one mapping from a failed reconcile to its condition message (ExternalSecret, PushSecret, SopsSecret, stores,
/// ClusterExternalSecret): the agent's own and HTTP errors say what they say; running out of memory or stack, and any
/// unexpected exception, give their type only, never a message that could hold a value or a stack trace.
/// </summary>
public sealed class FailureMessageTests
{
    [Fact]
    public void The_agents_own_and_http_errors_keep_their_message()
    {
        Assert.Equal("store default/vault not found", Messages.Failure(new SecretsKitException(ExitCodes.Generic, "store default/vault not found")));
        Assert.Equal("connection refused", Messages.Failure(new HttpRequestException("connection refused")));
    }

    [Fact]
    public void Running_out_of_memory_or_stack_is_named_as_such()
    {
        Assert.Equal(Messages.OutOfResources(nameof(OutOfMemoryException)), Messages.Failure(new OutOfMemoryException("huge")));
        Assert.Equal(Messages.OutOfResources(nameof(InsufficientExecutionStackException)), Messages.Failure(new InsufficientExecutionStackException()));
    }

    [Fact]
    public void An_unexpected_exception_gives_its_type_only()
    {
        var message = Messages.Failure(new InvalidOperationException("value s3cr3t-value in the message"));
        Assert.Equal("internal error (InvalidOperationException)", message);
        Assert.DoesNotContain("s3cr3t", message, StringComparison.Ordinal);
    }
}
