"""Users a platform app creates: confirmed at once, devise-secure_password's rules, removal with what they held."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from simulator.chatwoot.errors import RecordInvalid
from simulator.chatwoot.models import User
from simulator.chatwoot.platform.store.base import PlatformPart
from simulator.chatwoot.store.agents import forget_member
from simulator.chatwoot.store.base import EMAIL

# devise-secure_password as Chatwoot configures it: 6..128 characters, one of each class, nothing else.
PASSWORD_LENGTH = (6, 128)
SPECIALS = " !@#$%^&*()_+-=[]{}|\"/\\.,`<>:;?~'"
PASSWORD_CLASSES = (
    ("uppercase", "(A..Z)", lambda c: "A" <= c <= "Z"),
    ("lowercase", "(a..z)", lambda c: "a" <= c <= "z"),
    ("number", "(0..9)", lambda c: "0" <= c <= "9"),
    ("special", f"({SPECIALS})", lambda c: c in SPECIALS),
)


class Users(PlatformPart):
    """The user operations of one platform app."""

    def find(self, user_id: Any) -> User:
        return self.lookup("User", user_id)

    def create(self, body: dict[str, Any]) -> User:
        """An existing email returns that user as it is (only confirmed, as `skip_confirmation!` does)."""
        email = body.get("email")
        user = self.state.user_by_email(email) if isinstance(email, str) else None
        if user is None:
            self._check_user(body, None, password_required=True)
            assert email is not None
            user = User(id=self.state.next_id("users"), name=body["name"], email=email.lower(),
                        access_token=self.ctx.new_token(), created_at=self.ctx.now(),
                        display_name=body.get("display_name"), custom_attributes=body.get("custom_attributes") or {},
                        pubsub_token=self.ctx.new_token())
            self.state.users[user.id] = user
        user.confirmed = True
        self.app.grant("User", user.id)
        return user

    def update(self, user_id: Any, body: dict[str, Any]) -> User:
        """custom_attributes are merged into the stored ones; an email change needs no reconfirmation."""
        user = self.find(user_id)
        self._check_user(body, user, password_required=body.get("password") is not None)
        for key in ("name", "display_name"):
            if key in body:
                setattr(user, key, body[key])
        if "email" in body:
            user.email = body["email"].lower()
        if body.get("custom_attributes"):
            user.custom_attributes = {**user.custom_attributes, **body["custom_attributes"]}
        return user

    def delete(self, user_id: Any) -> None:
        """The user, its memberships and what they held (assignments, inbox and team seats) go."""
        user = self.find(user_id)
        for membership in [m for m in self.state.account_users.values() if m.user_id == user.id]:
            del self.state.account_users[membership.id]
            forget_member(self.state, membership.account_id, user.id)
        del self.state.users[user.id]

    def login_url(self, user_id: Any, frontend_url: str) -> str:
        """`User#generate_sso_link`: a fresh single-use token in the login page's URL."""
        user = self.find(user_id)
        return f"{frontend_url}/app/login?email={quote(user.email, safe='')}&sso_auth_token={self.ctx.new_secret()}"

    def _check_user(self, body: dict[str, Any], user: User | None, *, password_required: bool) -> None:
        errors: list[tuple[str, str]] = []
        if (user is None or "name" in body) and not str(body.get("name") or "").strip():
            errors.append(("name", "Name can't be blank"))
        if user is None or "email" in body:
            errors += self._email_errors(body.get("email"), user)
        if password_required:
            errors += [("password", message) for message in password_errors(body.get("password") or "")]
        if errors:
            raise RecordInvalid(errors)

    def _email_errors(self, email: str | None, user: User | None) -> list[tuple[str, str]]:
        if not email or not email.strip():
            return [("email", "Email can't be blank")]
        if not EMAIL.match(email):
            return [("email", "Email is invalid")]
        owner = self.state.user_by_email(email)
        if owner is not None and owner is not user:
            return [("email", "Email has already been taken")]
        return []


def password_errors(password: str) -> list[str]:
    """devise-secure_password's full messages, in its order: length, each class, then unknown characters."""
    errors: list[str] = []
    shortest, longest = PASSWORD_LENGTH
    if len(password) < shortest:
        errors.append(f"Password must contain at least {shortest} characters")
    elif len(password) > longest:
        errors.append(f"Password must contain less than {longest} characters")
    for name, listing, member in PASSWORD_CLASSES:
        if not any(member(c) for c in password):
            errors.append(f"Password must contain at least 1 {name} character {listing}")
    unknown = [c for c in password if not any(member(c) for _, _, member in PASSWORD_CLASSES)]
    if unknown:
        noun = "character" if len(unknown) == 1 else "characters"
        errors.append(f"Password contains {len(unknown)} invalid {noun} ({''.join(dict.fromkeys(unknown))})")
    return errors
