"""A bare Flask app served exactly like the simulator: the baseline of the benchmark."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify

from simulator.config import Config
from simulator.server import SimulatorServer

DOCUMENT_ENV = "BENCH_DOCUMENTS_JSON"


def create_bare_app(documents: dict[str, Any]) -> Flask:
    """GET /health, POST /conversations, GET /cmi/contacts, GET /cmi/chats and GET /chatwoot/conversations; the
    captured documents are serialised again on every request."""
    app = Flask("bare")
    app.json.sort_keys = False  # type: ignore[attr-defined]

    @app.get("/health")
    def health() -> Response:
        return jsonify({"status": "ok"})

    @app.post("/conversations")
    def conversations() -> Response:
        return jsonify(documents.get("post_conversations", {"conversations": []}))

    @app.get("/cmi/contacts")
    def cmi_contacts() -> Response:
        return jsonify(documents.get("cmi_contacts", []))

    @app.get("/cmi/chats")
    def cmi_chats() -> Response:
        return jsonify(documents.get("cmi_chats", []))

    @app.get("/chatwoot/conversations")
    def chatwoot_conversations() -> Response:
        return jsonify(documents.get("chatwoot_conversations", {}))

    return app


def load_documents() -> dict[str, Any]:
    """The simulator's answers to the benchmarked requests, from the file named in the environment."""
    path = os.environ.get(DOCUMENT_ENV)
    if not path:
        return {}
    return json.loads(Path(path).read_text(encoding="utf-8"))


class BareServer(SimulatorServer):
    """The simulator's gunicorn settings (one gevent worker), serving the bare app instead."""

    def load(self) -> Any:
        return create_bare_app(load_documents())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    BareServer(Config(host=args.host, port=args.port)).run()


if __name__ == "__main__":
    main()
