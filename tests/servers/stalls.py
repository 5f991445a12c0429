"""Services that hold a request without failing it: a dead host (accepts the connection,
never answers), a trickle (answers a few bytes at a time, each read well within any socket
timeout) and a header trickle (the status line and headers one byte at a time). A raw
socket server, as http.server writes an answer in one go.
"""

from __future__ import annotations

import select
import socket
import socketserver
import threading
import time
from typing import Any


class StallingServer:
    """``mode`` is ``"dead"``, ``"trickle"`` (``chunk`` bytes every ``every_s`` seconds of
    a JSON body of ``size`` bytes) or ``"trickle-headers"`` (the head of the answer, ``size``
    bytes of headers, ``chunk`` bytes every ``every_s`` seconds; then the body at once).
    ``requests`` counts the requests received."""

    def __init__(self, mode: str, *, chunk: int = 64, every_s: float = 4.0, size: int = 4096) -> None:
        self.mode = mode
        self.chunk = chunk
        self.every_s = every_s
        self.size = size
        self.requests = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        owner = self

        class _Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                owner._serve(self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(0.5)
        buffer = b""
        while not self._stop.is_set():
            try:
                data = conn.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not data:
                return
            buffer += data
            while b"\r\n\r\n" in buffer:
                _, buffer = buffer.split(b"\r\n\r\n", 1)
                with self._lock:
                    self.requests += 1
                if not self._answer(conn):
                    return

    def _answer(self, conn: socket.socket) -> bool:
        if self.mode == "dead":
            while not self._stop.is_set():  # until the client gives up and closes
                readable, _, _ = select.select([conn], [], [], 0.5)
                if not readable:
                    continue
                try:
                    if conn.recv(1, socket.MSG_PEEK) == b"":
                        return False
                except OSError:
                    return False
                time.sleep(0.05)  # a pipelined request: still no answer
            return False
        if self.mode == "trickle-headers":
            body = b'{"numFound": 0, "docs": []}'
            head = (
                f"HTTP/1.1 200 OK\r\nX-Padding: {'x' * self.size}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode()
            first, slow, last = b"", head, body  # the head trickled, then the body at once
        else:
            body = b'{"numFound": 0, "docs": [], "pad": "' + b"x" * max(0, self.size - 40) + b'"}'
            head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            first, slow, last = head.encode(), body, b""
        try:
            conn.sendall(first)
            for i in range(0, len(slow), self.chunk):
                if self._stop.wait(self.every_s):
                    return False
                conn.sendall(slow[i : i + self.chunk])
            conn.sendall(last)
        except OSError:
            return False
        return True

    def __enter__(self) -> StallingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        time.sleep(0)
