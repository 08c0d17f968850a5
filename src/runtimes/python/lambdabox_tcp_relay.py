"""Serves AWS_LAMBDA_RUNTIME_API (host:port) inside the Python runtime's own process.

The bootstrap talks to the environment's Unix socket directly; code that only knows the TCP address
still reaches the Runtime API through this relay. Threads rather than relay.mjs: a Node process in
front of Python would add tens of milliseconds to every cold start and tens of MB to every environment.
"""

import socket
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
