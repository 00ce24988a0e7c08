using Grpc.AspNetCore.Server;
using Grpc.Core;

namespace SecretsKit.KeyService;

/// <summary>
/// sops's gRPC service <c>KeyService</c> (rpcs <c>Encrypt</c> and <c>Decrypt</c>, no package), bound to Grpc.AspNetCore by
/// hand in the shape its code generator gives: the messages stay bytes (read by <see cref="Core.KeyService.KeyServiceCodec"/>),
/// so neither generated code nor a Protobuf runtime is needed. Grpc.AspNetCore finds the handlers as overrides of these methods.
/// </summary>
[BindServiceMethod(typeof(KeyServiceGrpcBase), nameof(BindService))]
internal abstract class KeyServiceGrpcBase
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(static message => message, static message => message);
    private static readonly Method<byte[], byte[]> EncryptMethod = new(MethodType.Unary, "KeyService", "Encrypt", Bytes, Bytes);
    private static readonly Method<byte[], byte[]> DecryptMethod = new(MethodType.Unary, "KeyService", "Decrypt", Bytes, Bytes);

    public abstract Task<byte[]> Encrypt(byte[] request, ServerCallContext context);

    public abstract Task<byte[]> Decrypt(byte[] request, ServerCallContext context);

    /// <summary>Called by Grpc.AspNetCore with no instance; it binds each method to the override of the same name.</summary>
    public static void BindService(ServiceBinderBase binder, KeyServiceGrpcBase? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(EncryptMethod, service is null ? null! : service.Encrypt);
        binder.AddMethod(DecryptMethod, service is null ? null! : service.Decrypt);
    }
}
