using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SecretsKit.KeyService;

/// <summary>
/// The key service's budgets. Its messages are a few KiB (a data key, an armored age or PGP text, a post-quantum
/// recipient of ~2,000 characters), so everything is sized for that rather than for a general gRPC server.
/// </summary>
internal static class KeyServiceLimits
{
    /// <summary>Largest gRPC message received; a larger one is answered <c>ResourceExhausted</c>.</summary>
    public const int MaxMessageBytes = 64 * 1024;

    /// <summary>
    /// Concurrent streams per connection (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS) and calls per connection in the <see cref="WorkGate"/>.
    /// Kestrel counts a stream until its END_STREAM is written, so this also bounds the answers of one connection that wait
    /// for a flow-control window the client never opens; a stream past it is refused (RST_STREAM REFUSED_STREAM), and the
    /// wait itself is timed by <see cref="MinBytesPerSecond"/>.
    /// </summary>
    public const int StreamsPerConnection = 16;

    /// <summary>Calls of one connection that may always wait for a running slot, whatever <see cref="WaitingCalls"/> others wait.</summary>
    public const int ReservedCallsPerConnection = 4;

    /// <summary>Calls a client may reset on one connection before it is aborted (<see cref="ResetBudget"/>).</summary>
    public const int ResetsPerConnection = 32;

    /// <summary>Calls doing key work at once in the whole process.</summary>
    public static int RunningCalls => Math.Max(4, 4 * Environment.ProcessorCount);

    /// <summary>Calls waiting for a running slot; more are answered <c>ResourceExhausted</c> at once.</summary>
    public const int WaitingCalls = 512;

    /// <summary>A connection must send its preface and first request within this (the handshake).</summary>
    public static readonly TimeSpan Handshake = TimeSpan.FromSeconds(10);

    /// <summary>A connection the server ends stays open this long at most for the client to read the last frame and close its side (<see cref="LingeringClose"/>).</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromSeconds(1);

    /// <summary>A connection with no call in progress is closed after this.</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A request body must arrive, and an answer be taken, at this rate once <see cref="RateGrace"/> has passed. Kestrel times
    /// an answer waiting for the client's flow-control window as a write: a connection whose client never opens it is aborted.
    /// </summary>
    public const double MinBytesPerSecond = 1024;

    public static readonly TimeSpan RateGrace = TimeSpan.FromSeconds(5);

    /// <summary>After SIGINT/SIGTERM, calls in progress get this long; then connections are aborted.</summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    /// <summary>The process exits (removing its unix socket) this long after the signal, whatever is still stuck.</summary>
    public static readonly TimeSpan ShutdownDeadline = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Connections at once: below the descriptor limit, after what is open already and room for what opens later (assemblies
    /// loaded on first use, key files, gpg, outgoing KMS connections), so no accept or runtime call fails with "Too many open
    /// files" (the runtime ends the process on some of those). Kestrel closes a connection over the cap as soon as it is accepted.
    /// </summary>
    /// <remarks>
    /// At most 256, and a key service serves a handful of sops clients: an HTTP/2 connection holds ~110 KB here, and each
    /// answer waiting for a window its client never opens ~13 KB more, so the worst connection holds ~320 KB with its
    /// <see cref="StreamsPerConnection"/> answers waiting (500 such connections took the process to 199–208 MB).
    /// </remarks>
    public static int Connections(long descriptorLimit, int openNow) => (int)Math.Clamp(descriptorLimit - openNow - 256, 16, 256);

    public static void Apply(KestrelServerLimits limits, long descriptorLimit, int openNow)
    {
        limits.MaxConcurrentConnections = Connections(descriptorLimit, openNow);
        limits.MaxConcurrentUpgradedConnections = 0;
        // Twice the message: gRPC reads a message's length first and answers ResourceExhausted for one over the limit; this
        // cap stops a body that goes on after its message (Kestrel answers it as a failed call) without holding more.
        limits.MaxRequestBodySize = 2 * MaxMessageBytes;
        limits.MaxRequestHeadersTotalSize = 16 * 1024;
        limits.MaxRequestHeaderCount = 64;
        limits.MaxRequestBufferSize = 256 * 1024;
        limits.KeepAliveTimeout = Idle;
        limits.RequestHeadersTimeout = Handshake;
        limits.MinRequestBodyDataRate = new MinDataRate(MinBytesPerSecond, RateGrace);
        limits.MinResponseDataRate = new MinDataRate(MinBytesPerSecond, RateGrace);
        limits.Http2.MaxStreamsPerConnection = StreamsPerConnection;
        limits.Http2.MaxRequestHeaderFieldSize = 16 * 1024;
        limits.Http2.HeaderTableSize = 4096;
        limits.Http2.MaxFrameSize = 16 * 1024;
        limits.Http2.InitialStreamWindowSize = 96 * 1024;
        limits.Http2.InitialConnectionWindowSize = 256 * 1024;
    }
}
