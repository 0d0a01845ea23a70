"""A shared cache's purge endpoint for the tests: records the keys each purge names, or hangs."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class PurgeProxy:
    """Answers PURGE, BAN and POST on a free port and keeps what each one asked for."""

    def __init__(self, *, hang_seconds: float = 0):
        self.requests = []
        self.status = 200
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def handle_purge(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                proxy.requests.append((self.command, self.headers, body))
                threading.Event().wait(hang_seconds)
                self.send_response(proxy.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_PURGE = do_BAN = do_POST = handle_purge

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def purged_keys(self) -> set[str]:
        """Every key named by the xkey purges received."""
        return {
            key for _, headers, _ in self.requests for key in headers.get("xkey-purge", "").split()
        }

    def close(self):
        self.server.shutdown()
        self.server.server_close()
