"""moto_server plus what this project's stacks need from AWS that moto 5.2.1 lacks or gets wrong.

./main (cli/Emulator.java) writes this file and its ext_*.py modules next to the emulator's log and runs it with
moto_server's arguments: python3 moto_server_ext.py -H 127.0.0.1 -p 4566

Each module patches moto through its extension points (the backend and response classes of one service) and says
which AWS behaviour it adds, with the AWS documentation it follows:
  ext_scaling  Application Auto Scaling's tagging calls
  ext_ecs      ECS services and clusters as ECS keeps them, Service Connect stored and enforced
  ext_cloudmap Cloud Map's refusals (DeleteNamespace/DeleteService while in use), ListServices filters
  ext_ec2      RunInstances' network-interface spec, security-group rule descriptions
  ext_logs     CloudWatch Logs' AssociateKmsKey and DisassociateKmsKey (security.kmsKeys turned on or off)
  ext_s3       bucket-policy conditions, versioned deletes with versioning suspended, copies with the bucket's default encryption

The patches are written against one moto version: any other fails here, before anything is served, with one line.

It also answers GET /_svcconnect/emulator with what it is (the project, the moto version, a digest of the
extension's files), which ./main asks before it uses an emulator: a plain moto_server, another emulator or an
extension from another checkout answers otherwise and is refused (cli/Emulator.java), and it sends each answer's
headers and body in one write (WholeAnswerWriter).
"""

import glob
import hashlib
import io
import json
import os
import sys
import time
import urllib.parse

# The moto version the patches were written and tested against; README and .ci/run install exactly this one.
MOTO_VERSION = "5.2.1"


def check_moto_version() -> None:
    try:
        import moto
    except ImportError:
        sys.exit(f"moto_server_ext.py: python3 cannot import moto; install it: pip install 'moto[server]=={MOTO_VERSION}'")
    if moto.__version__ != MOTO_VERSION:
        sys.exit(f"moto_server_ext.py: written for moto {MOTO_VERSION}, but python3 has moto {moto.__version__};"
                 f" install exactly that version: pip install 'moto[server]=={MOTO_VERSION}'")


# Where the emulator says what it is; cli/Emulator.java asks the same path.
MARKER_PATH = "/_svcconnect/emulator"
# The name it answers with; cli/Emulator.java expects the same.
MARKER_NAME = "ecs-service-connect-cdktf"


def extension_digest() -> str:
    """SHA-256 over this file, then the ext_*.py modules in name order: as cli/Emulator.java computes it."""
    here = os.path.dirname(os.path.abspath(__file__))
    digest = hashlib.sha256()
    for path in [os.path.join(here, "moto_server_ext.py")] + sorted(glob.glob(os.path.join(here, "ext_*.py"))):
        with open(path, "rb") as f:
            digest.update(f.read())
    return digest.hexdigest()


def request_action(environ) -> str:
    """The API action a request calls, with the group name it creates, if any: X-Amz-Target's operation (JSON APIs),
    else the Action form field (query APIs: EC2, IAM, ELB); "" for REST APIs (S3, Cloud Map's are JSON). The access
    log names neither, and both are what a failed apply needs explained (which call created a resource twice)."""
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    if target:
        return target.rsplit(".", 1)[-1]
    if environ.get("REQUEST_METHOD") != "POST" or \
            not environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        return ""
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    environ["wsgi.input"] = io.BytesIO(body)  # read again by moto
    fields = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
    action = fields.get("Action", [""])[0]
    group = fields.get("GroupName", [""])[0]
    return f"{action} GroupName={group}" if group else action


def answer_marker() -> None:
    """Serves MARKER_PATH before moto routes the request to an AWS service, and logs each other request's action
    (request_action) to stderr, the emulator's log."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    body = json.dumps({"emulator": MARKER_NAME, "moto": MOTO_VERSION, "extension": extension_digest()}).encode()
    route = DomainDispatcherApplication.__call__

    def call(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "GET" and environ.get("PATH_INFO") == MARKER_PATH:
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        action = request_action(environ)
        if action:
            stamp = time.strftime("%H:%M:%S", time.gmtime()) + f".{int(time.time() * 1000) % 1000:03d}"
            # One write per line: print() writes the text and the newline apart, and threads interleave them
            sys.stderr.write(f"{stamp} action {action}\n")
            sys.stderr.flush()
        return route(self, environ, start_response)

    DomainDispatcherApplication.__call__ = call


class WholeAnswerWriter(io.BufferedIOBase):
    """The request handler's wfile: keeps what is written until flush(), then sends it with one sendall.

    werkzeug 3.1's handler (werkzeug/serving.py, WSGIRequestHandler.run_wsgi, write()) writes the status line and
    headers, then the body, each straight to the socket (socketserver.StreamRequestHandler's wbufsize 0 gives an
    unbuffered _SocketWriter), and flushes after each body chunk. Sent apart, the headers can reach Terraform's AWS
    provider before the body, and its HTTP client sometimes closed the connection in between and sent the call again:
    docs/emulator.md, "A create answered twice", has the evidence. With this writer an answer's headers and body
    leave together."""

    def __init__(self, sock) -> None:
        super().__init__()
        self._sock = sock
        self._pending: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._pending.append(bytes(data))
        return len(self._pending[-1])

    def flush(self) -> None:
        if self._pending:
            data = b"".join(self._pending)
            self._pending.clear()
            self._sock.sendall(data)

    def close(self) -> None:
        # The handler's finish() flushes first and ignores a socket error there; what is left after such an error is
        # dropped here, as the unbuffered writer would have failed on it.
        self._pending.clear()
        super().close()


def answer_in_one_write() -> None:
    """Makes werkzeug's request handler send each answer with one write (WholeAnswerWriter says why)."""
    from werkzeug.serving import WSGIRequestHandler

    setup = WSGIRequestHandler.setup
    handle_expect_100 = WSGIRequestHandler.handle_expect_100

    def setup_writer(self):
        setup(self)  # socketserver.StreamRequestHandler.setup: rfile, and wfile unbuffered
        self.wfile = WholeAnswerWriter(self.connection)

    def expect_100(self):
        # http.server answers "Expect: 100-continue" before the body is read (BaseHTTPRequestHandler.parse_request)
        # and the client waits for that answer before it sends the body: it must leave now, not with the final one.
        answered = handle_expect_100(self)
        self.wfile.flush()
        return answered

    WSGIRequestHandler.setup = setup_writer
    WSGIRequestHandler.handle_expect_100 = expect_100


if __name__ == "__main__":
    check_moto_version()
    # Imported only after the check: each module patches classes of this moto version.
    import ext_cloudmap  # noqa: F401  (before ext_ecs, which uses its helpers)
    import ext_ec2  # noqa: F401
    import ext_ecs  # noqa: F401
    import ext_elbv2  # noqa: F401
    import ext_logs  # noqa: F401
    import ext_s3  # noqa: F401
    import ext_scaling  # noqa: F401
    from moto.server import main

    answer_marker()
    answer_in_one_write()

    sys.exit(main())
