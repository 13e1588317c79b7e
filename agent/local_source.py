"""Mail on disk: Maildir (Maildir++ and nested folders), mbox files and loose .eml files.

Every message gets an identity that stays the same while a mail client or sync tool works on
the folder, so a pass can tell new mail from mail already looked at:

* Maildir: the file's unique name, the part before `:2,flags`. A flag change or a move from
  `new/` to `cur/` renames the file but keeps this part.
* mbox: `sha256:` plus the hash of the message's bytes (the `From ` line excluded). mbox has no
  stable per-message name, and a client that compacts the file moves every message.
* .eml: the file's path (a one-off import needs no more).

A folder's fingerprint (directory or file modification times and sizes) lets a pass skip a
folder that has not changed at all.
"""

from __future__ import annotations

import hashlib
import mailbox
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Literal

from agent.config import LocalSourceConfig
from agent.errors import MailboxError

#: Folder names (last path component, lower case) that hold the person's sent mail.
SENT_NAMES: frozenset[str] = frozenset(
    {
        "sent",
        "sent items",
        "sent messages",
        "sent mail",
        "sendt",
        "sendte",
        "sendte elementer",
        "sendt post",
        "skickat",
        "skickade",
        "skickade objekt",
        "sendt e-post",
        "gesendet",
        "gesendete objekte",
        "gesendete elemente",
        "gesendete nachrichten",
    }
)
#: A folder changed within this many seconds may still be changing: do not trust its fingerprint.
SETTLE_SECONDS = 2.0
#: How much of a file to read when only the header block is wanted.
_HEADER_CHUNK = 16384
_MAX_DEPTH = 4

Kind = Literal["maildir", "mbox", "eml"]


def is_sent_name(name: str) -> bool:
    """Whether a folder name looks like a Sent folder (`Sent`, `INBOX.Sent`, `[Gmail]/Sent Mail`)."""
    last = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[-1] if name else ""
    whole = name.replace("\\", "/").rsplit("/", 1)[-1]
    return whole.strip().lower() in SENT_NAMES or last.strip().lower() in SENT_NAMES


def header_block(data: bytes) -> bytes:
    """The header part of a message: everything up to the first empty line."""
    for sep in (b"\r\n\r\n", b"\n\n"):
        end = data.find(sep)
        if end != -1:
            return data[: end + len(sep)]
    return data


@dataclass(frozen=True)
class LocalItem:
    """One message on disk; the bytes are read only when asked for."""

    key: str
    path: Path
    kind: Kind
    folder_path: Path
    _data: bytes | None = field(default=None, repr=False, compare=False)

    def headers(self) -> bytes:
        """The header block, read cheaply (a Maildir file is read only up to its first empty line)."""
        if self._data is not None:
            return header_block(self._data)
        chunks = []
        with self._open() as handle:
            while True:
                chunk = handle.read(_HEADER_CHUNK)
                if not chunk:
                    break
                chunks.append(chunk)
                joined = b"".join(chunks)
                if b"\n\n" in joined or b"\r\n\r\n" in joined:
                    return header_block(joined)
        return b"".join(chunks)

    def data(self) -> bytes:
        if self._data is not None:
            return self._data
        with self._open() as handle:
            return handle.read()

    def _open(self) -> BinaryIO:
        try:
            return self.path.open("rb")
        except FileNotFoundError:
            if self.kind != "maildir":
                raise
        # A mail client renamed it (new/ → cur/, or a flag change) since we listed the folder.
        moved = _find_maildir_file(self.folder_path, self.key)
        if moved is None:
            raise FileNotFoundError(f"{self.path} disappeared while being read")
        return moved.open("rb")


@dataclass(frozen=True)
class LocalFolder:
    """One folder of a local source: a Maildir, an mbox file or a set of .eml files."""

    name: str
    path: Path
    kind: Kind
    outbound: bool = False
    files: tuple[Path, ...] = ()  # for kind "eml"

    def fingerprint(self, now: datetime) -> str | None:
        """A value that changes whenever the folder's content may have; None when unsure."""
        try:
            if self.kind == "maildir":
                stats = [(self.path / sub).stat() for sub in ("new", "cur")]
                parts = [f"{s.st_mtime_ns}:{s.st_ino}" for s in stats]
                newest = max(s.st_mtime for s in stats)
            elif self.kind == "mbox":
                st = self.path.stat()
                parts = [f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"]
                newest = st.st_mtime
            else:
                return None
        except OSError:
            return None
        if now.timestamp() - newest < SETTLE_SECONDS:
            return None
        return "|".join(parts)

    def items(self) -> list[LocalItem]:
        """Every message in the folder, oldest first where the format tells."""
        if self.kind == "maildir":
            return _maildir_items(self.path)
        if self.kind == "mbox":
            return _mbox_items(self.path)
        return [LocalItem(str(p), p, "eml", p.parent) for p in self.files]


def _maildir_key(name: str) -> str:
    """The unique part of a Maildir file name, without the `:2,FLAGS` info."""
    for sep in (":", "!", ";"):
        if sep + "2," in name:
            return name.split(sep + "2,", 1)[0]
    return name.split(":", 1)[0]


def _maildir_items(path: Path) -> list[LocalItem]:
    found: dict[str, LocalItem] = {}
    for sub in ("new", "cur"):
        try:
            with os.scandir(path / sub) as listing:
                entries = list(listing)
        except FileNotFoundError:
            continue
        except OSError as err:
            raise MailboxError(f"cannot read the Maildir folder {path / sub}: {err}") from err
        for entry in entries:
            if entry.name.startswith(".") or not entry.is_file():
                continue
            key = _maildir_key(entry.name)
            found.setdefault(key, LocalItem(key, Path(entry.path), "maildir", path))
    # Unique names start with the delivery time, so sorting by name is roughly oldest first.
    return [found[k] for k in sorted(found)]


def _find_maildir_file(folder: Path, key: str) -> Path | None:
    for sub in ("cur", "new"):
        try:
            with os.scandir(folder / sub) as entries:
                for entry in entries:
                    if _maildir_key(entry.name) == key:
                        return Path(entry.path)
        except OSError:
            continue
    return None


def _mbox_items(path: Path) -> list[LocalItem]:
    try:
        box = mailbox.mbox(path, create=False)
    except (OSError, mailbox.Error) as err:
        raise MailboxError(f"cannot open the mbox file {path}: {err}") from err
    items: list[LocalItem] = []
    try:
        for key in box.iterkeys():
            data = box.get_bytes(key)
            digest = "sha256:" + hashlib.sha256(data).hexdigest()
            items.append(LocalItem(digest, path, "mbox", path, data))
    except (OSError, mailbox.Error) as err:
        raise MailboxError(f"cannot read the mbox file {path}: {err}") from err
    finally:
        box.close()
    return items


def is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def _maildir_folders(root: Path) -> list[tuple[str, Path]]:
    """(name, path) of every Maildir folder under root: root itself (INBOX), Maildir++ `.Name`
    folders, and nested folders as mbsync (`SubFolders Verbatim`) and others lay them out."""
    folders: list[tuple[str, Path]] = []
    if is_maildir(root):
        folders.append(("INBOX", root))

    def walk(directory: Path, prefix: str, depth: int) -> None:
        if depth > _MAX_DEPTH:
            return
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if not entry.is_dir() or entry.name in ("cur", "new", "tmp"):
                continue
            sub = Path(entry.path)
            if entry.name.startswith("."):
                if depth == 0 and entry.name not in (".", "..") and is_maildir(sub):
                    folders.append((entry.name[1:], sub))  # Maildir++: .Sent, .Archive.2024
                continue
            name = f"{prefix}{entry.name}"
            if is_maildir(sub):
                folders.append((name, sub))
            walk(sub, name + "/", depth + 1)

    walk(root, "", 0)
    return folders


def folders_of(source: LocalSourceConfig) -> list[LocalFolder]:
    """The folders of a configured local source, each marked outbound when it holds sent mail."""
    if source.maildir is not None:
        root = source.maildir
        if not root.is_dir():
            raise MailboxError(
                f"source {source.name}: {root} is not a directory; check `maildir:` in the config"
            )
        found = _maildir_folders(root)
        if not found:
            raise MailboxError(
                f"source {source.name}: no Maildir under {root} (a Maildir has cur/ and new/ "
                "directories); check `maildir:` in the config"
            )
        names = {name for name, _ in found}
        if source.sent_folder and source.sent_folder not in names:
            raise MailboxError(
                f"source {source.name}: sent_folder {source.sent_folder!r} not found under "
                f"{root}; folders there: {', '.join(sorted(names))}"
            )

        def holds_sent(name: str) -> bool:
            if source.outbound:
                return True
            if source.sent_folder:
                return name == source.sent_folder
            return is_sent_name(name)

        return [LocalFolder(name, path, "maildir", holds_sent(name)) for name, path in found]
    assert source.mbox is not None
    path = source.mbox
    if not path.is_file():
        raise MailboxError(
            f"source {source.name}: {path} is not an mbox file; check `mbox:` in the config "
            "(for Thunderbird, point it at a folder file such as .../Inbox, not the .msf)"
        )
    outbound = source.outbound or is_sent_name(path.name)
    return [LocalFolder(path.name, path, "mbox", outbound)]


def looks_like_mbox(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"From "
    except OSError:
        return False


def folders_for_paths(paths: Iterable[Path], *, outbound: bool = False) -> list[LocalFolder]:
    """What `followup ingest PATH...` reads: each path is a Maildir (with its subfolders), an
    mbox file, an .eml file, or a directory of .eml files."""
    result: list[LocalFolder] = []
    loose: list[Path] = []
    for path in paths:
        if not path.exists():
            raise MailboxError(f"{path}: no such file or directory")
        if path.is_dir():
            maildirs = _maildir_folders(path)
            if maildirs:
                result.extend(
                    LocalFolder(
                        f"{path.name}/{name}", sub, "maildir", outbound or is_sent_name(name)
                    )
                    for name, sub in maildirs
                )
                continue
            emls = sorted(p for p in path.rglob("*.eml") if p.is_file())
            if not emls:
                raise MailboxError(
                    f"{path}: neither a Maildir (cur/ and new/) nor a directory with .eml files"
                )
            result.append(LocalFolder(str(path), path, "eml", outbound, tuple(emls)))
        elif path.suffix.lower() != ".eml" and looks_like_mbox(path):
            result.append(LocalFolder(path.name, path, "mbox", outbound or is_sent_name(path.name)))
        else:
            loose.append(path)
    if loose:
        result.append(LocalFolder("eml", loose[0].parent, "eml", outbound, tuple(loose)))
    return result


def iter_new(folder: LocalFolder, seen: set[str]) -> Iterator[LocalItem]:
    """The folder's messages whose identity is not in `seen`."""
    for item in folder.items():
        if item.key not in seen:
            yield item
