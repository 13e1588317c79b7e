"""The exception family: every error a user can meet says what is wrong and how to fix it."""

from __future__ import annotations


class FollowupError(Exception):
    """Base of every error followup raises on purpose."""


class ConfigError(FollowupError):
    """The configuration is missing, unreadable or invalid; the user must edit something."""


class UsageError(FollowupError):
    """A command was given something it cannot act on (unknown application, bad date...)."""


class NotFoundError(UsageError):
    """An application, nudge, message or review item named on the command line does not exist."""


class StoreError(FollowupError):
    """The database cannot be opened, upgraded or written (permissions, full disk, corruption)."""


class MailboxError(FollowupError):
    """A mail server or local mail source failed; the next attempt may well succeed."""


class AuthError(MailboxError):
    """The server refused the credentials; retrying will not help until they are fixed."""


class CredentialError(FollowupError):
    """No password or token could be obtained for an account (keyring, command, credential)."""


class NudgeError(FollowupError):
    """One delivery channel failed; the others still run and the nudge is retried."""


class ParseError(FollowupError):
    """A message could not be read at all; it is recorded as unparseable and skipped."""
