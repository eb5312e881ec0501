"""A learner working through their JupyterHub server's REST API and kernel websocket
(helper of the JupyterHub test; the hub itself is in tests/_hub_helpers.py).

Nothing runs at import. Everything talks to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import json
import uuid

from _hub_helpers import Hub


class LearnerSession:
    """A learner working through their server's REST API, with their own token."""

    def __init__(self, hub: Hub, user: str, token: str):
        self.hub = hub
        self.user = user
        self.token = token
        self.base = f"/user/{user}"

    def api(self, method: str, path: str, body=None, timeout=120):
        import urllib.parse

        path, _, query = path.partition("?")
        url = self.base + urllib.parse.quote(path) + (f"?{query}" if query else "")
        return self.hub.request(method, url, token=self.token, body=body, timeout=timeout)

    def read_notebook(self, path: str) -> dict:
        return self.api("GET", f"/api/contents/{path}?content=1")["content"]

    def save_notebook(self, path: str, nb: dict) -> None:
        self.api(
            "PUT", f"/api/contents/{path}", {"type": "notebook", "format": "json", "content": nb}
        )

    def start_kernel(self, notebook_path: str) -> str:
        session = self.api(
            "POST",
            "/api/sessions",
            {"path": notebook_path, "type": "notebook", "name": "", "kernel": {"name": "python3"}},
        )
        return session["kernel"]["id"]

    def execute(self, kernel_id: str, codes: list[str], *, timeout: float = 120) -> list[dict]:
        """Run ``codes`` one after the other over the kernel's websocket.

        Returns, per code, ``{"status", "outputs", "error"}`` (outputs as nbformat dicts).
        """
        ws_url = (
            self.hub.url.replace("http", "ws", 1) + f"{self.base}/api/kernels/{kernel_id}/channels"
        )
        return asyncio.run(_execute(ws_url, self.token, codes, timeout))


async def _execute(ws_url: str, token: str, codes: list[str], timeout: float) -> list[dict]:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    conn = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {token}"}))
    session = uuid.uuid4().hex
    results = []
    try:
        for code in codes:
            msg_id = uuid.uuid4().hex
            header = {
                "msg_id": msg_id,
                "username": "learner",
                "session": session,
                "msg_type": "execute_request",
                "version": "5.3",
                "date": "2026-01-01T00:00:00Z",
            }
            content = {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            }
            await conn.write_message(
                json.dumps(
                    {
                        "header": header,
                        "parent_header": {},
                        "metadata": {},
                        "content": content,
                        "channel": "shell",
                        "buffers": [],
                    }
                )
            )
            outputs, reply, idle = [], None, False
            while reply is None or not idle:
                raw = await asyncio.wait_for(conn.read_message(), timeout)
                if raw is None:
                    raise RuntimeError("the kernel's websocket closed")
                if isinstance(raw, bytes):
                    continue
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["header"]["msg_type"]
                body = msg["content"]
                if kind == "execute_reply":
                    reply = body
                elif kind == "status" and body.get("execution_state") == "idle":
                    idle = True
                elif kind == "stream":
                    outputs.append(
                        {"output_type": "stream", "name": body["name"], "text": body["text"]}
                    )
                elif kind in ("execute_result", "display_data"):
                    out = {
                        "output_type": kind,
                        "data": body["data"],
                        "metadata": body.get("metadata", {}),
                    }
                    if kind == "execute_result":
                        out["execution_count"] = body.get("execution_count")
                    outputs.append(out)
                elif kind == "error":
                    outputs.append({"output_type": "error", **body})
            results.append(
                {
                    "status": reply["status"],
                    "outputs": outputs,
                    "execution_count": reply.get("execution_count"),
                    "error": None
                    if reply["status"] == "ok"
                    else f"{reply.get('ename')}: {reply.get('evalue')}",
                }
            )
    finally:
        conn.close()
    return results
