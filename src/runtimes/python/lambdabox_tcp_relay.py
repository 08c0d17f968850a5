"""Serves AWS_LAMBDA_RUNTIME_API (host:port) inside the Python runtime's own process.

The bootstrap talks to the environment's Unix socket directly; code that only knows the TCP address
still reaches the Runtime API through this relay. UDP relays (the X-Ray daemon address) frame each
datagram onto a Unix stream. Threads rather than relay.mjs: a Node process in
front of Python would add tens of milliseconds to every cold start and tens of MB to every environment.
"""

import socket
import struct
import threading


class _Pair:
    """One relayed connection: closed once both directions have ended."""

    def __init__(self, client, upstream):
        self.client = client
        self.upstream = upstream
        self._open = 2
        self._lock = threading.Lock()

    def pump(self, source, sink):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        try:
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        with self._lock:
            self._open -= 1
            done = self._open == 0
        if done:
            self.client.close()
            self.upstream.close()


def _serve(server, socket_path):
    while True:
        try:
            client, _ = server.accept()
        except OSError:
            return
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            upstream.connect(socket_path)
        except OSError:
            client.close()
            upstream.close()
            continue
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        pair = _Pair(client, upstream)
        threading.Thread(target=pair.pump, args=(client, upstream), daemon=True).start()
        threading.Thread(target=pair.pump, args=(upstream, client), daemon=True).start()


def start_tcp_relay(address, socket_path):
    """Listens on `address` ("host:port", "[v6]:port"; port 0 picks one) and returns the bound "host:port"."""
    host, _, port = address.rpartition(":")
    host = host.strip("[]")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    server = socket.socket(family, socket.SOCK_STREAM)
    server.bind((host, int(port)))
    server.listen(64)
    threading.Thread(target=_serve, args=(server, socket_path), daemon=True, name="runtime-api-relay").start()
    bound_port = server.getsockname()[1]
    return "[%s]:%d" % (host, bound_port) if family == socket.AF_INET6 else "%s:%d" % (host, bound_port)


def start_tcp_relays(spec):
    """Starts the platform's extra relays from _LAMBDABOX_TCP_RELAYS (whitespace-separated
    `host:port=/socket`: the lambdabox API at AWS_ENDPOINT_URL, the egress proxy). Returns the
    entries that could not be served, with the reason."""
    failed = []
    for entry in (spec or "").split():
        address, sep, socket_path = entry.partition("=")
        if not sep or not socket_path.startswith("/"):
            continue
        try:
            start_tcp_relay(address, socket_path)
        except (OSError, ValueError) as e:
            failed.append((address, e))
    return failed


_MAX_DATAGRAM = 64 * 1024


def _serve_udp(server, socket_path):
    """Forwards each datagram as a frame (4-byte big-endian length, then the bytes) over one Unix stream
    connection, opened on the first datagram and again after a failure. Best effort, as UDP is."""
    upstream = None
    while True:
        try:
            data, _ = server.recvfrom(_MAX_DATAGRAM + 1)
        except OSError:
            return
        if not data or len(data) > _MAX_DATAGRAM:
            continue
        frame = struct.pack(">I", len(data)) + data
        for _attempt in range(2):
            try:
                if upstream is None:
                    upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    upstream.connect(socket_path)
                upstream.sendall(frame)
                break
            except OSError:
                if upstream is not None:
                    upstream.close()
                upstream = None


def start_udp_relays(spec):
    """Starts the platform's UDP relays from _LAMBDABOX_UDP_RELAYS (whitespace-separated `host:port=/socket`:
    the X-Ray daemon address). Returns the entries that could not be served, with the reason."""
    failed = []
    for entry in (spec or "").split():
        address, sep, socket_path = entry.partition("=")
        if not sep or not socket_path.startswith("/"):
            continue
        try:
            host, _, port = address.rpartition(":")
            host = host.strip("[]")
            family = socket.AF_INET6 if ":" in host else socket.AF_INET
            server = socket.socket(family, socket.SOCK_DGRAM)
            server.bind((host, int(port)))
            threading.Thread(target=_serve_udp, args=(server, socket_path), daemon=True, name="udp-relay").start()
        except (OSError, ValueError) as e:
            failed.append((address, e))
    return failed
