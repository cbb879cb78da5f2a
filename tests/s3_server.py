"""An S3-compatible HTTP server on loopback for tests that start other processes (web, worker):
moto's own S3 request handlers behind a threaded `http.server`.

moto's server mode (`moto.server.ThreadedMotoServer`) needs Flask (the `moto[server]` extra),
which the project does not install; its HTTP front is all Flask adds. This front does what moto's
own `moto_proxy` does without it: each request goes to the S3 backend's URL handler, path-style,
and the bucket lives in this (the test's) process, so every process talking to the endpoint
sees the same objects.
"""
from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from moto.moto_proxy.proxy3 import MotoRequestHandler

# What moto's handlers see as the host: path-style requests to AWS's S3.
AWS_HOST = "https://s3.amazonaws.com"
_MOTO = MotoRequestHandler(port=0)


class _S3Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - quiet: the test's output stays readable
        pass

    def _body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", ""):
            chunks = []
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _serve(self) -> None:
        body = self._body()
        try:
            answer = _MOTO.parse_request(self.command, AWS_HOST, self.path, self.headers, body)
            status, headers, payload = answer if isinstance(answer, tuple) else (200, {}, answer)
        except Exception as error:  # moto raises some S3 errors as werkzeug HTTPExceptions
            status = getattr(error, "code", 500)
            headers = dict(error.get_headers()) if hasattr(error, "get_headers") else {}
            payload = error.get_body() if hasattr(error, "get_body") else str(error)
        if isinstance(payload, str):
            payload = payload.encode()
        payload = payload or b""
        self.send_response(int(status))
        for name, value in headers.items():
            if name.lower() not in ("content-length", "transfer-encoding", "connection", "server", "date"):
                self.send_header(name, value.decode() if isinstance(value, bytes) else str(value))
        # A HEAD answer announces the object's length without sending it.
        length = headers.get("content-length") or headers.get("Content-Length") if self.command == "HEAD" else None
        self.send_header("Content-Length", str(length if length is not None else len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _serve


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def s3_server() -> Iterator[str]:
    """Serves moto's S3 on a free loopback port; yields the endpoint URL. The buckets are
    emptied when it stops."""
    from moto.s3.models import s3_backends

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _S3Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        s3_backends.reset()
