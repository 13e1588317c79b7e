"""Mail on disk: Maildir, Maildir++ and nested folders, mbox files and .eml files."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agent.config import LocalSourceConfig
from agent.errors import MailboxError
from agent.local_source import folders_for_paths, folders_of, is_sent_name

MESSAGE = (
    b"From: Ann <ann@acme.example>\r\nTo: kari@example.test\r\nSubject: Interview\r\n"
    b"Message-ID: <m1@acme.example>\r\n\r\nSee you on Monday.\r\n"
)
LATER = datetime.now(UTC) + timedelta(minutes=5)


def make_maildir(path: Path) -> Path:
    for sub in ("cur", "new", "tmp"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    return path


def deliver(maildir: Path, name: str, data: bytes = MESSAGE, sub: str = "new") -> Path:
    path = maildir / sub / name
    path.write_bytes(data)
    return path


def source(**fields: object) -> LocalSourceConfig:
    return LocalSourceConfig.model_validate({"name": "local", **fields})


def test_maildir_plus_plus_folders_and_sent(tmp_path: Path) -> None:
    root = make_maildir(tmp_path / "Maildir")
    make_maildir(root / ".Sent")
    make_maildir(root / ".Archive.2024")
    (root / ".notafolder").mkdir()

    folders = {f.name: f for f in folders_of(source(maildir=root))}

    assert set(folders) == {"INBOX", "Sent", "Archive.2024"}
    assert folders["Sent"].outbound
    assert not folders["INBOX"].outbound
    assert not folders["Archive.2024"].outbound


def test_nested_layout_as_mbsync_writes_it(tmp_path: Path) -> None:
    root = tmp_path / "mail" / "personal"
    make_maildir(root / "INBOX")
    make_maildir(root / "Sendte elementer")
    make_maildir(root / "Jobs" / "Acme")

    folders = {f.name: f.outbound for f in folders_of(source(maildir=root))}

    assert folders == {"INBOX": False, "Sendte elementer": True, "Jobs/Acme": False}


def test_sent_folder_setting_overrides_the_names(tmp_path: Path) -> None:
    root = make_maildir(tmp_path / "Maildir")
    make_maildir(root / ".Sent")
    make_maildir(root / ".Utgående")

    folders = {f.name: f.outbound for f in folders_of(source(maildir=root, sent_folder="Utgående"))}

    assert folders == {"INBOX": False, "Sent": False, "Utgående": True}
    with pytest.raises(MailboxError, match="sent_folder 'Nope' not found"):
        folders_of(source(maildir=root, sent_folder="Nope"))


def test_maildir_identity_survives_flag_changes_and_moves(tmp_path: Path) -> None:
    root = make_maildir(tmp_path / "Maildir")
    first = deliver(root, "1700000000.M1P1.host")
    deliver(root, "1700000001.M2P1.host:2,S", sub="cur")
    (folder,) = folders_of(source(maildir=root))

    before = [item.key for item in folder.items()]
    listed = folder.items()
    first.rename(root / "cur" / "1700000000.M1P1.host:2,RS")  # read and replied to
    after = [item.key for item in folder.items()]

    assert before == after == ["1700000000.M1P1.host", "1700000001.M2P1.host"]
    # An item listed before the rename can still be read.
    assert listed[0].data() == MESSAGE
    assert listed[0].headers().endswith(b"\r\n\r\n")
    assert b"Monday" not in listed[0].headers()


def test_maildir_fingerprint_changes_with_new_mail(tmp_path: Path) -> None:
    root = make_maildir(tmp_path / "Maildir")
    (folder,) = folders_of(source(maildir=root))
    first = folder.fingerprint(LATER)

    deliver(root, "1700000002.M3P1.host")
    newer = datetime.now(UTC) + timedelta(seconds=30)
    os.utime(root / "new", (newer.timestamp(), newer.timestamp()))

    assert first is not None
    assert folder.fingerprint(LATER + timedelta(minutes=1)) not in (None, first)
    # Just modified: not trusted yet, so the next pass lists the folder again.
    assert folder.fingerprint(newer) is None


def test_mbox_messages_are_identified_by_content(tmp_path: Path) -> None:
    mbox = tmp_path / "Inbox"
    other = MESSAGE.replace(b"m1@", b"m2@")
    mbox.write_bytes(
        b"From ann@acme.example Mon Mar  2 09:00:00 2026\n"
        + MESSAGE.replace(b"\r\n", b"\n")
        + b"\nFrom x@y Mon Mar  2 10:00:00 2026\n"
        + other.replace(b"\r\n", b"\n")
    )

    (folder,) = folders_of(source(mbox=mbox))
    items = folder.items()

    assert folder.kind == "mbox"
    assert not folder.outbound
    assert len(items) == 2
    assert all(item.key.startswith("sha256:") for item in items)
    assert items[0].data().startswith(b"From: Ann")  # the From_ line is not part of the message
    assert items[0].key != items[1].key
    assert [i.key for i in folder.items()] == [i.key for i in items]


def test_mbox_named_sent_or_marked_outbound(tmp_path: Path) -> None:
    sent = tmp_path / "Sent"
    sent.write_bytes(b"From x Mon Mar  2 09:00:00 2026\n" + MESSAGE)
    plain = tmp_path / "outgoing"
    plain.write_bytes(b"From x Mon Mar  2 09:00:00 2026\n" + MESSAGE)

    assert folders_of(source(mbox=sent))[0].outbound
    assert folders_of(source(mbox=plain, outbound=True))[0].outbound


def test_missing_paths_say_which_setting_to_fix(tmp_path: Path) -> None:
    with pytest.raises(MailboxError, match="check `maildir:`"):
        folders_of(source(maildir=tmp_path / "nope"))
    with pytest.raises(MailboxError, match="no Maildir under"):
        folders_of(source(maildir=tmp_path))
    with pytest.raises(MailboxError, match="check `mbox:`"):
        folders_of(source(mbox=tmp_path))


def test_ingest_paths_of_every_kind(tmp_path: Path) -> None:
    eml = tmp_path / "one.eml"
    eml.write_bytes(MESSAGE)
    emls = tmp_path / "exported"
    (emls / "sub").mkdir(parents=True)
    (emls / "a.eml").write_bytes(MESSAGE)
    (emls / "sub" / "b.eml").write_bytes(MESSAGE)
    mbox = tmp_path / "archive.mbox"
    mbox.write_bytes(b"From x Mon Mar  2 09:00:00 2026\n" + MESSAGE)
    maildir = make_maildir(tmp_path / "Maildir")
    make_maildir(maildir / ".Sent")

    folders = folders_for_paths([eml, emls, mbox, maildir])

    kinds = sorted((f.kind, f.name, f.outbound, len(f.items())) for f in folders)
    assert kinds == [
        ("eml", str(emls), False, 2),
        ("eml", "eml", False, 1),
        ("maildir", "Maildir/INBOX", False, 0),
        ("maildir", "Maildir/Sent", True, 0),
        ("mbox", "archive.mbox", False, 1),
    ]
    with pytest.raises(MailboxError, match="no such file"):
        folders_for_paths([tmp_path / "missing.eml"])


@pytest.mark.parametrize(
    ("name", "sent"),
    [
        ("Sent", True),
        ("INBOX.Sent", True),
        ("[Gmail]/Sent Mail", True),
        ("Sendte elementer", True),
        ("Skickade objekt", True),
        ("Gesendete Objekte", True),
        ("INBOX", False),
        ("Sentimental", False),
    ],
)
def test_sent_names(name: str, sent: bool) -> None:
    assert is_sent_name(name) is sent
