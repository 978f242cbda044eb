"""One window per user on this computer: a second launch of the window hands its database to
the running one, which comes forward (and opens that database, if it is another), instead
of opening a second window that could only read it.

The running window listens on a local socket (``QLocalServer``) named after the user; the
second launch connects, sends the database's path and waits for "ok".
"""

from __future__ import annotations

import getpass
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket

WAIT_MS = 3000


def server_name() -> str:
    """The socket of this user's cspdesk window (a hash: user names may hold any letter)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(Path.home())
    return "cspdesk-" + hashlib.sha256(user.encode("utf-8")).hexdigest()[:16]


def bring_forward(db_path: Path, name: str | None = None) -> bool:
    """Ask this user's running window to come forward with ``db_path``; True when it did,
    False when no window runs (or it does not answer in time)."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(WAIT_MS):
        return False
    _allow_to_come_forward()
    socket.write(str(Path(db_path).absolute()).encode("utf-8") + b"\n")
    answered = socket.waitForBytesWritten(WAIT_MS) and socket.waitForReadyRead(WAIT_MS)
    reply = bytes(socket.readAll().data()) if answered else b""
    socket.disconnectFromServer()
    return reply.startswith(b"ok")


def _allow_to_come_forward() -> None:
    """Windows lets only the program in front bring a window forward: pass that on."""
    if os.name == "nt":  # pragma: no cover - Windows only
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY


class WindowServer(QObject):
    """Listens for second launches; calls ``come_forward(path)`` on the GUI thread."""

    def __init__(self, come_forward: Callable[[Path], None], name: str | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.come_forward = come_forward
        self.name = name or server_name()
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self.listening = self._listen()

    def _listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        if bring_forward_probe(self.name):  # another window listens: leave it be
            return False
        QLocalServer.removeServer(self.name)  # left behind by a window that crashed
        return self.server.listen(self.name)

    def _accept(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        line = bytes(socket.readLine().data()).decode("utf-8", "replace").strip()
        socket.write(b"ok\n")
        socket.flush()
        socket.disconnectFromServer()
        if line:
            QTimer.singleShot(0, lambda: self.come_forward(Path(line)))


def bring_forward_probe(name: str) -> bool:
    """Whether something listens on ``name`` (a connection that sends nothing)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    alive = socket.waitForConnected(200)
    socket.abort()
    return alive
