"""Serves Octavia's own API application (octavia.api.app.setup_app, what `octavia-api` serves) on 127.0.0.1,
with settle.py standing in for the controller worker.

    /usr/bin/python3 app.py --config-file FILE --settle sync|poll [--interval SECONDS] [--ready-file FILE]

Like `octavia-api`, it serves with wsgiref's single-threaded server; host and port come from
[api_settings] bind_host and bind_port of the configuration. The ready file is written once the port is bound.
"""

import argparse
import os
import sys
from wsgiref import simple_server

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from oslo_config import cfg  # noqa: E402
from octavia.api import app as octavia_app  # noqa: E402

import settle  # noqa: E402


def report(error):
    print(f"settle failed: {error!r}", file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config-file", required=True)
    parser.add_argument("--settle", choices=("sync", "poll"), required=True)
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between passes (poll)")
    parser.add_argument("--ready-file")
    args = parser.parse_args()
    if args.interval <= 0:
        parser.error("--interval must be above 0")

    app = octavia_app.setup_app(argv=["octavia-api", "--config-file", args.config_file])
    # Whatever an earlier run left pending (stopped between a write and its settling) is finished first.
    settle.settle()
    if args.settle == "sync":
        app = settle.SettleAfterWrites(app, report)
    else:
        settle.settle_every(args.interval, report)

    host, port = cfg.CONF.api_settings.bind_host, cfg.CONF.api_settings.bind_port
    try:
        server = simple_server.make_server(host, port, app)
    except OSError as error:
        sys.exit(f"cannot listen on {host}:{port}: {error.strerror} (another server? set OCTAVIA_PORT)")
    print(f"Octavia API on http://{host}:{port}, settle={args.settle}", flush=True)
    if args.ready_file:
        with open(args.ready_file, "w") as ready:
            ready.write(f"{os.getpid()}\n")
    server.serve_forever()


if __name__ == "__main__":
    main()
