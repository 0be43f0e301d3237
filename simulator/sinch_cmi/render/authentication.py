"""The ECF web session's login answer: the Contact Pro user who logged in, as the ECF server describes one."""

from __future__ import annotations

from typing import Any

from simulator.sinch_cmi.models import User
from simulator.sinch_cmi.schemas.authentication import EcfUserSchema

_ECF_USER = EcfUserSchema()


def ecf_user(user: User) -> dict[str, Any]:
    """A Contact Pro user (`Surname, First`, or a single name) as the ECF server writes one."""
    last, separator, first = user.name.partition(", ")
    if not separator:
        first, last = user.name, ""
    return _ECF_USER.dump({
        "id": user.id, "username": user.login, "name": {"first_name": first, "last_name": last},
        "alias": f"{first} {last}".strip(), "login_status": "logged_in", "language": user.language.upper(),
        "chat_address": user.email, "email_address": user.email, "extension": user.extension})
