using Grpc.Core;
using SecretsKit.Core.KeyService;

namespace SecretsKit.KeyService;

/// <summary>The key service's calls: each takes a <see cref="WorkGate"/> slot, then <see cref="KeyServiceDispatcher"/> answers it.</summary>
internal sealed class KeyServiceCalls(KeyServiceDispatcher dispatcher, WorkGate gate, KeyServiceLog log) : KeyServiceGrpcBase
{
    public override Task<byte[]> Encrypt(byte[] request, ServerCallContext context) => CallAsync(KeyServiceDispatcher.EncryptPath, request, context);

    public override Task<byte[]> Decrypt(byte[] request, ServerCallContext context) => CallAsync(KeyServiceDispatcher.DecryptPath, request, context);

    private async Task<byte[]> CallAsync(string path, byte[] request, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        using var slot = await gate.EnterAsync(context.GetHttpContext().Connection.Id, cancellationToken).ConfigureAwait(false);
        try
        {
            return await dispatcher.HandleAsync(path, request, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyServiceException e)
        {
            log.Write($"request failed: {e.Status}: {e.Message}");
            throw new RpcException(new Status((StatusCode)(int)e.Status, e.Message));
        }
    }
}
