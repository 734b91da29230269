# SPDX-FileCopyrightText: 2026 Cumulus authors
# SPDX-License-Identifier: MIT
#
# Regenerates tests/data/wire/vectors.json, the known answers tst_wirecodec checks the Jupyter
# wire codec against. Made with the reference implementation, jupyter_client's Session
# (Debian 12: python3-jupyter-client 7.4.9; the python3 first on PATH may lack it):
#
#   cd /work/main && /usr/bin/python3 tests/data/wire/make_vectors.py
#
# vectors.json holds
#   "signatures": {name, key, parts: [header, parent_header, metadata, content] (UTF-8 text
#                 exactly as Session.pack wrote it), signature: Session.sign(parts)}
#   "messages":   {name, key, frames: base64 of every frame of Session.serialize(msg, ident)
#                 plus the buffers (as Session.send appends them), and what deserialize() read
#                 back: msg_id, msg_type, session, parent_msg_id, content, identities, buffers}
# Ids and dates are random, so every run writes different (equally valid) vectors.

import base64
import json
import os
import sys

import jupyter_client
from jupyter_client.session import Session

KEYS = {
    "uuid key": "5e2f3c2a-8d3b-4f55-9d0e-7c1a2b3c4d5e",
    "empty key": "",
    "unicode key": "cl\u00e9-\u043a\u043b\u044e\u0447-\U0001F511",
    "key longer than the SHA-256 block": "k" * 200,
    "one-byte key": "x",
}


def session(key):
    return Session(key=key.encode("utf-8"), signature_scheme="hmac-sha256",
                   username="vectors", session="9f4d3c1e-session")


def b64(data):
    return base64.b64encode(bytes(data)).decode("ascii")


def main():
    out = {
        "generator": "tests/data/wire/make_vectors.py",
        "jupyter_client": jupyter_client.__version__,
        "signatures": [],
        "messages": [],
    }

    contents = {
        "execute_request": {"code": "print('hi')\n", "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": True, "stop_on_error": True},
        "empty content": {},
        "unicode content": {"name": "stdout", "text": "\u00e9\u00e8 \u4e2d\u6587 \U0001F600\n"},
        "nested content": {"data": {"text/plain": "1", "application/json": {"a": [1, 2.5, None, True]}},
                           "metadata": {}, "execution_count": 3},
    }

    for key_name, key in KEYS.items():
        s = session(key)
        for content_name, content in contents.items():
            parent = s.msg("execute_request", {"code": "1"})
            msg = s.msg("stream" if content_name != "execute_request" else "execute_request",
                        content, parent=parent, metadata={"m": 1})
            parts = [s.pack(msg["header"]), s.pack(msg["parent_header"]), s.pack(msg["metadata"]),
                     s.pack(msg["content"])]
            out["signatures"].append({
                "name": f"{key_name}, {content_name}",
                "key": key,
                "parts": [p.decode("utf-8") for p in parts],
                "signature": s.sign(parts).decode("ascii"),
            })

    message_cases = [
        ("uuid key, plain", KEYS["uuid key"], [], []),
        ("uuid key, identities", KEYS["uuid key"], [b"client-routing-id", b"\x00\x01binary"], []),
        ("uuid key, buffers", KEYS["uuid key"], [], [b"\x00\x01\x02\xff", b"", b"buffer-two"]),
        ("empty key, unsigned", KEYS["empty key"], [b"topic.stream"], [b"x"]),
        ("unicode key, unicode content", KEYS["unicode key"], [], []),
    ]
    for name, key, idents, buffers in message_cases:
        s = session(key)
        parent = s.msg("execute_request", {"code": "1"})
        content = {"name": "stdout", "text": "\u00e9 \u4e2d \U0001F600\n", "n": [1, 2.5, None]}
        msg = s.msg("stream", content, parent=parent)
        frames = s.serialize(msg, ident=list(idents)) + list(buffers)
        # Read it back with jupyter_client itself, so the vector is known to be valid.
        got_idents, rest = s.feed_identities(frames, copy=True)
        back = s.deserialize(rest, content=True, copy=True)
        assert back["content"] == content
        out["messages"].append({
            "name": name,
            "key": key,
            "frames": [b64(f) for f in frames],
            "msg_id": back["header"]["msg_id"],
            "msg_type": back["header"]["msg_type"],
            "session": back["header"]["session"],
            "parent_msg_id": back["parent_header"]["msg_id"],
            "content": back["content"],
            "identities": [b64(i) for i in got_idents],
            "buffers": [b64(b) for b in back["buffers"]],
        })

    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "vectors.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False, sort_keys=True)
        f.write("\n")
    print(f"wrote {len(out['signatures'])} signatures and {len(out['messages'])} messages",
          file=sys.stderr)


if __name__ == "__main__":
    main()
