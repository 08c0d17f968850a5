"""The Runtime API 2018-06-01 client of lambdabox's Python runtime.

HTTP/1.1 over one kept-alive connection: the environment's Unix socket (_LAMBDABOX_RUNTIME_API_SOCKET) or
TCP (AWS_LAMBDA_RUNTIME_API). Not http.client: importing it (email, ssl) costs more than the rest of the
runtime's cold start, and the Runtime API's exchanges are small and fixed.
"""

import socket
import sys

API_PREFIX = "/2018-06-01/runtime"
ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type"


class RuntimeApiClient:
    def __init__(self, environ):
        self._socket_path = environ.get("_LAMBDABOX_RUNTIME_API_SOCKET") or None
        self._address = environ.get("AWS_LAMBDA_RUNTIME_API", "")
        self._sock = None
        self._buffer = bytearray()

    def next_invocation(self):
        status, headers, body = self._request("GET", "/invocation/next")
        if status != 200:
            raise RuntimeError("Runtime API /next answered %d: %r" % (status, bytes(body[:200])))
        return headers, bytes(body)

    def post_response(self, request_id, body, content_type):
        # 413: the platform has already answered the invoke with Function.ResponseSizeTooLarge; the
        # environment stays usable, so the runtime goes back to /next instead of dying of it.
        self._post("/invocation/%s/response" % _quote(request_id), body, [("Content-Type", content_type)], (202, 413))

    def post_error(self, request_id, body):
        # Like awslambdaric, no error-type header: the type is in the body.
        self._post("/invocation/%s/error" % _quote(request_id), body, [("Content-Type", "application/json")])

    def post_init_error(self, error_type, body):
        self._post("/init/error", body, [("Content-Type", "application/json"), (ERROR_TYPE_HEADER, error_type)])

    def _post(self, path, body, headers, accepted=(202,)):
        status, _, answer = self._request("POST", path, body, headers)
        if status not in accepted:
            raise RuntimeError("Runtime API %s answered %d: %r" % (path, status, bytes(answer[:200])))

    def _request(self, method, path, body=b"", headers=()):
        reused = self._sock is not None
        if not reused:
            self._connect()
        try:
            return self._exchange(method, path, body, headers)
        except (ConnectionError, TimeoutError):
            self._close()
            # Only a kept-alive connection may have gone stale; a fresh one failing is final.
            if not reused:
                raise
            self._connect()
            return self._exchange(method, path, body, headers)

    def _connect(self):
        if self._socket_path is not None:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.connect(self._socket_path)
        else:
            host, _, port = self._address.rpartition(":")
            sock = socket.create_connection((host.strip("[]"), int(port)))
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock = sock
        self._buffer = bytearray()

    def _close(self):
        if self._sock is not None:
            try:
                self._sock.close()
            finally:
                self._sock = None

    def _exchange(self, method, path, body, headers):
        lines = ["%s %s%s HTTP/1.1" % (method, API_PREFIX, path), "Host: localhost",
                 "User-Agent: lambdabox-python/%d.%d" % sys.version_info[:2]]
        lines.extend("%s: %s" % (name, value) for name, value in headers)
        if method != "GET":
            lines.append("Content-Length: %d" % len(body))
        self._sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        if body:
            self._sock.sendall(body)
        status, response_headers = self._read_head()
        answer = self._read_body(response_headers)
        if response_headers.get("connection", "").lower() == "close":
            self._close()
        return status, response_headers, answer

    def _fill(self):
        chunk = self._sock.recv(262144)
        if not chunk:
            raise ConnectionResetError("the Runtime API closed the connection")
        self._buffer += chunk

    def _take(self, n):
        while len(self._buffer) < n:
            self._fill()
        data = self._buffer[:n]
        del self._buffer[:n]
        return data

    def _take_line(self):
        while True:
            end = self._buffer.find(b"\r\n")
            if end >= 0:
                line = bytes(self._buffer[:end])
                del self._buffer[:end + 2]
                return line
            self._fill()

    def _read_head(self):
        status_line = self._take_line()
        while not status_line:  # tolerate stray CRLFs between responses
            status_line = self._take_line()
        parts = status_line.split(b" ", 2)
        status = int(parts[1])
        headers = {}
        while True:
            line = self._take_line()
            if not line:
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        return status, headers

    def _read_body(self, headers):
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = bytearray()
            while True:
                size = int(self._take_line().split(b";", 1)[0], 16)
                if size == 0:
                    while self._take_line():
                        pass
                    return body
                body += self._take(size)
                self._take(2)
        length = headers.get("content-length")
        if length is not None:
            return self._take(int(length))
        body = bytearray()
        try:
            while True:
                self._fill()
        except ConnectionResetError:
            body, self._buffer = self._buffer, bytearray()
            self._close()
        return body


def _quote(value):
    safe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    return "".join(c if c in safe else "".join("%%%02X" % b for b in c.encode("utf-8")) for c in value)
