#!/usr/bin/env python3
"""httpd.py: a small scriptable HTTP/1.1 server for sked's network tests.

Standard library only. It listens on 127.0.0.1 (never another address) on
a free port, answers from a JSON script, logs every request it gets, and
exits after a bounded number of requests or seconds, so a test can never
leave it running.

From the shell:

    python3 tests/httpd.py --script s.json --log req.jsonl \\
        --port-file port --max-requests 20 --max-seconds 30 &
    pid=$!
    for i in $(seq 200); do [ -s port ] && break; sleep 0.05; done
    # (port is written whole, once the server listens)
    url=http://127.0.0.1:$(cat port)/feed.json
    ...
    kill $pid 2>/dev/null; wait $pid

(Without --port-file, the port is printed alone on the first line of
standard output.) From Python (tests/ on sys.path):

    import httpd
    with httpd.Server({"/feed.json": [{"body": "..."}]}) as srv:
        url = srv.url("/feed.json")      # http://127.0.0.1:PORT/feed.json
        ...
        srv.requests()                   # the log, a list of dicts

From C: write the script to a file, start `python3 tests/httpd.py` with
--port-file, wait for the file (see tests/unit/test-fetch.c).

The script: a JSON object mapping a path (with its query, as requested) to
one response or a list of responses used in turn, the last one repeating.
A path not in the script gets 404. A response is an object; every key is
optional:

    status        200 (302 when "location" is given)
    reason        the reason phrase (default: the standard one)
    headers       {"Name": "value", ...} sent as they are
    body          the body, a string (UTF-8) ...
    body_file     ... or the path of a file holding it
    repeat        the body is sent this many times over (big bodies)
    gzip          true: the body is sent gzip-compressed with
                  Content-Encoding: gzip, whatever the request accepted
                  (a client that does not decode sees gzip bytes)
    etag          sent as ETag; a request whose If-None-Match equals it
                  gets 304 Not Modified (no body) instead
    last_modified sent as Last-Modified; a request whose If-Modified-Since
                  equals it gets 304 Not Modified instead
    location      sent as Location (a redirect); "{port}" in it is
                  replaced by the server's port (use http://localhost:{port}/
                  for "another host" than 127.0.0.1)
    delay         seconds to wait before answering at all
    stall         {"after": N, "seconds": S}: send the headers and the
                  first N bytes of the body, then wait S seconds before
                  the rest (a stalled or slow body)
    short         send this many bytes less than Content-Length says,
                  then close the connection (a body cut short)
    no_length     true: no Content-Length; the body ends when the
                  connection closes

Every response but the 304s carries Content-Length unless no_length says.

The log (--log FILE, or Server.requests()): one JSON object a line per
request, written before it is answered: method, path, the values of
if_none_match, if_modified_since, user_agent, accept_encoding and
authorization (null when absent), host, and headers (all of them, as a
list of [name, value]).
"""

import argparse
import gzip
import json
import os
import signal
import socket
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOST = "127.0.0.1"


class _State:
    def __init__(self, script, log_path, max_requests):
        self.script = script
        self.log_path = log_path
        self.max_requests = max_requests
        self.lock = threading.Lock()
        self.count = 0
        self.turn = {}  # path -> index of the next response
        self.log = []

    def next_response(self, path):
        with self.lock:
            entry = self.script.get(path)
            if entry is None:
                return None
            if isinstance(entry, dict):
                return entry
            if not entry:
                return None
            i = self.turn.get(path, 0)
            self.turn[path] = i + 1
            return entry[min(i, len(entry) - 1)]

    def record(self, req):
        with self.lock:
            self.count += 1
            self.log.append(req)
            if self.log_path:
                with open(self.log_path, "a", encoding="utf-8") as f:
                    f.write(json.dumps(req) + "\n")
            return self.count


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sked-test-httpd"
    sys_version = ""

    def log_message(self, fmt, *args):  # quiet: the log file says it all
        pass

    def version_string(self):
        return self.server_version

    def do_HEAD(self):
        self._serve(head=True)

    def do_GET(self):
        self._serve(head=False)

    def _serve(self, head):
        st = self.server.state
        h = self.headers
        count = st.record({
            "method": self.command,
            "path": self.path,
            "if_none_match": h.get("If-None-Match"),
            "if_modified_since": h.get("If-Modified-Since"),
            "user_agent": h.get("User-Agent"),
            "accept_encoding": h.get("Accept-Encoding"),
            "authorization": h.get("Authorization"),
            "host": h.get("Host"),
            "headers": [[k, v] for k, v in h.items()],
        })
        try:
            self._answer(st.next_response(self.path), head)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        if st.max_requests and count >= st.max_requests:
            self.close_connection = True
            self.server.stop_soon()

    def _body(self, r):
        if "body_file" in r:
            with open(r["body_file"], "rb") as f:
                body = f.read()
        else:
            body = r.get("body", "").encode("utf-8")
        return body * int(r.get("repeat", 1))

    def _answer(self, r, head):
        if r is None:
            r = {"status": 404, "body": "not in the script\n"}
        if r.get("delay"):
            time.sleep(float(r["delay"]))
        port = self.server.server_address[1]
        etag = r.get("etag")
        lm = r.get("last_modified")
        status = int(r.get("status", 302 if "location" in r else 200))
        if (etag is not None and self.headers.get("If-None-Match") == etag) or (
                lm is not None and self.headers.get("If-Modified-Since") == lm):
            self.send_response(304, r.get("reason"))
            if etag is not None:
                self.send_header("ETag", etag)
            if lm is not None:
                self.send_header("Last-Modified", lm)
            self.end_headers()
            return
        body = self._body(r)
        if r.get("gzip"):
            body = gzip.compress(body)
        self.send_response(status, r.get("reason"))
        for k, v in r.get("headers", {}).items():
            self.send_header(k, v)
        if etag is not None:
            self.send_header("ETag", etag)
        if lm is not None:
            self.send_header("Last-Modified", lm)
        if "location" in r:
            self.send_header("Location", r["location"].replace("{port}", str(port)))
        if r.get("gzip"):
            self.send_header("Content-Encoding", "gzip")
        if r.get("no_length"):
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if head:
            return
        short = int(r.get("short", 0))
        if short:
            body = body[:max(0, len(body) - short)]
            self.close_connection = True
        stall = r.get("stall")
        if stall:
            n = int(stall.get("after", 0))
            self.wfile.write(body[:n])
            self.wfile.flush()
            time.sleep(float(stall.get("seconds", 0)))
            body = body[n:]
        self.wfile.write(body)
        self.wfile.flush()
        if self.close_connection:
            try:
                self.connection.shutdown(socket.SHUT_WR)
            except OSError:
                pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a stalled answer never holds the exit
    allow_reuse_address = True

    def stop_soon(self):
        threading.Thread(target=self.shutdown, daemon=True).start()


def _start(script, log_path, max_requests, max_seconds):
    srv = _Server((HOST, 0), _Handler)
    srv.state = _State(script, log_path, max_requests)
    timer = threading.Timer(max_seconds, srv.stop_soon)
    timer.daemon = True
    timer.start()
    return srv, timer


class Server:
    """The server in a thread of the calling Python test (a context
    manager): url(path), port, requests() (the log so far)."""

    def __init__(self, script, max_requests=100, max_seconds=60):
        self._srv, self._timer = _start(script, None, max_requests, max_seconds)
        self.port = self._srv.server_address[1]
        self._thread = threading.Thread(target=self._srv.serve_forever,
                                        daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._timer.cancel()
        self._srv.shutdown()
        self._srv.server_close()

    def url(self, path="/", host=HOST):
        return f"http://{host}:{self.port}{path}"

    def requests(self):
        with self._srv.state.lock:
            return list(self._srv.state.log)


def free_port():
    """A port nobody listened on a moment ago: for "connection refused"."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--script", required=True, help="the JSON script")
    ap.add_argument("--log", help="append one JSON line per request here")
    ap.add_argument("--port-file", help="write the port here once listening")
    ap.add_argument("--max-requests", type=int, default=50)
    ap.add_argument("--max-seconds", type=float, default=60)
    a = ap.parse_args()
    with open(a.script, encoding="utf-8") as f:
        script = json.load(f)
    srv, _ = _start(script, a.log, a.max_requests, a.max_seconds)
    port = srv.server_address[1]
    if a.port_file:
        # Whole or absent: a reader never sees half a number.
        d = os.path.dirname(os.path.abspath(a.port_file))
        fd, tmp = tempfile.mkstemp(dir=d)
        with os.fdopen(fd, "w") as f:
            f.write(f"{port}\n")
        os.replace(tmp, a.port_file)
    else:
        print(port, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    try:
        srv.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    # Answers still stalled in their threads are cut off.
    os._exit(0)


if __name__ == "__main__":
    main()
