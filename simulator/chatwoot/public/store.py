"""The public (client) API of an API inbox: what a contact does, made by the application API's operations."""

from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Callable
from datetime import datetime
from typing import Any

from simulator.chatwoot.errors import ChatwootError, RailsNotFound, Unauthorized
from simulator.chatwoot.models import ACTIVITY, ChatwootState, Contact, ContactInbox, Conversation, Inbox, Message
from simulator.chatwoot.render.inboxes import working_hours
from simulator.chatwoot.render.renderer import Renderer
from simulator.chatwoot.store.base import record_time, unix
from simulator.chatwoot.store.contacts import Contacts
from simulator.chatwoot.store.conversations import Conversations
from simulator.chatwoot.store.message_builder import add_message, check_new_message
from simulator.chatwoot.store.pages import ruby_to_i
from simulator.chatwoot.store.scope import ChatwootStore

PUBLIC_MESSAGES = 20
CSAT_DAYS = 14
CSAT_LOCKED = "You cannot update the CSAT survey after 14 days"
HMAC_FAILED = "HMAC failed: Invalid Identifier Hash Provided"
SUBMITTED_KEYS = ("name", "title", "value")
CSAT_KEYS = ("feedback_message", "rating")
ADJECTIVES = ("autumn", "hidden", "bitter", "misty", "silent", "empty", "dry", "dark", "summer", "icy", "delicate",
              "quiet", "white", "cool", "spring", "winter", "patient", "twilight", "dawn", "crimson", "wispy",
              "weathered", "blue", "billowing", "broken", "cold", "damp", "falling", "frosty", "green", "long",
              "late", "lingering", "bold", "little", "morning", "muddy", "old", "red", "rough", "still", "small",
              "sparkling", "shy", "wandering", "withered", "wild", "black", "young", "holy", "solitary",
              "fragrant", "aged", "snowy", "proud", "floral", "restless", "divine", "polished", "ancient",
              "purple", "lively", "nameless")
NOUNS = ("waterfall", "river", "breeze", "moon", "rain", "wind", "sea", "morning", "snow", "lake", "sunset", "pine",
         "shadow", "leaf", "dawn", "glitter", "forest", "hill", "cloud", "meadow", "sun", "glade", "bird", "brook",
         "butterfly", "bush", "dew", "dust", "field", "fire", "flower", "firefly", "feather", "grass", "haze",
         "mountain", "night", "pond", "darkness", "snowflake", "silence", "sound", "sky", "shape", "surf",
         "thunder", "violet", "water", "wildflower", "wave", "resonance", "wood", "dream", "cherry", "tree", "fog",
         "frost", "voice", "paper", "frog", "smoke", "star")


def haiku_name(rng: random.Random) -> str:
    """Haikunator's `adjective-noun-1234`: the name of a contact created without one."""
    return f"{rng.choice(ADJECTIVES)}-{rng.choice(NOUNS)}-{rng.randrange(10000):04d}"


def api_inbox(state: ChatwootState, identifier: str) -> Inbox | None:
    """`Channel::Api.find_by(identifier:)`: a web-widget inbox has no identifier, so it is never found;
    nor is an inbox of a deleted account (the real server deletes the account's inboxes with it)."""
    return next((i for i in state.inboxes.values()
                 if i.is_api and i.identifier == identifier and i.account_id in state.accounts), None)


def _present(value: Any) -> Any:
    """Rails' `presence`: None for nil and blank strings."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


def deep_merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Rails' `Hash#deep_merge`: nested objects are merged, everything else replaced."""
    merged = dict(base)
    for key, value in changes.items():
        current = merged.get(key)
        merged[key] = deep_merge(current, value) if isinstance(current, dict) and isinstance(value, dict) else value
    return merged


def _scalars(values: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: values[k] for k in keys if k in values and not isinstance(values[k], dict | list)}


def _permitted_one(values: dict[str, Any]) -> dict[str, Any]:
    kept = _scalars(values, SUBMITTED_KEYS)
    csat = values.get("csat_survey_response")
    if isinstance(csat, dict):
        kept["csat_survey_response"] = _scalars(csat, CSAT_KEYS)
    return kept


def permitted_values(values: Any) -> Any:
    """`permit(submitted_values: [:name, :title, :value, {csat_survey_response: [...]}])`; None: nothing permitted."""
    if isinstance(values, dict):
        return _permitted_one(values)
    if isinstance(values, list):
        return [_permitted_one(v) for v in values if isinstance(v, dict)]
    return None


class PublicInbox:
    """What a contact may do through one API inbox; the store acts for the contact (no user, no bot)."""

    def __init__(self, store: ChatwootStore, inbox: Inbox, new_name: Callable[[], str]) -> None:
        self.store = store
        self.state = store.state
        self.inbox = inbox
        self.new_name = new_name
        self.contacts = Contacts(store)

    # ---- lookups (each miss is Rails' 404) ------------------------------------------------------

    def _link(self, source_id: str) -> ContactInbox | None:
        return next((ci for ci in self.state.contact_inboxes.values()
                     if ci.inbox_id == self.inbox.id and ci.source_id == source_id), None)

    def contact_inbox(self, source_id: str) -> ContactInbox:
        """The contact inbox with that source id in this inbox."""
        link = self._link(source_id)
        if link is None:
            raise RailsNotFound()
        return link

    def conversation(self, source_id: str, display_id: int) -> Conversation:
        """A conversation of that contact inbox, by display id."""
        link = self.contact_inbox(source_id)
        found = next((cv for cv in self.state.conversations.values()
                      if cv.contact_inbox_id == link.id and cv.display_id == display_id), None)
        if found is None:
            raise RailsNotFound()
        return found

    def _message(self, conversation: Conversation, message_id: int) -> Message:
        message = self.state.messages.get(message_id)
        if message is None or message.conversation_id != conversation.id:
            raise RailsNotFound()
        return message

    # ---- contacts ------------------------------------------------------------------------------

    def _verified(self, body: dict[str, Any]) -> bool:
        """`process_hmac`: with `hmac_mandatory`, or whenever a hash is sent, it must sign `identifier` (401)."""
        given = _present(body.get("identifier_hash"))
        if given is None and not self.inbox.hmac_mandatory:
            return False
        expected = hmac.new((self.inbox.hmac_token or "").encode(), str(body.get("identifier") or "").encode(),
                            hashlib.sha256).hexdigest()
        if not hmac.compare_digest(str(given or "").encode(), expected.encode()):
            raise Unauthorized(HMAC_FAILED)
        return True

    def _match(self, body: dict[str, Any]) -> Contact | None:
        """`ContactInboxWithContactBuilder#find_contact`: by identifier, then email (any case), then phone."""
        mine = sorted((c for c in self.state.contacts.values() if c.account_id == self.inbox.account_id),
                      key=lambda c: c.id)
        email = _present(body.get("email"))
        wanted: list[tuple[Any, Callable[[Contact], Any]]] = [
            (_present(body.get("identifier")), lambda c: c.identifier),
            (email.strip().lower() if email else None, lambda c: c.email),
            (_present(body.get("phone_number")), lambda c: c.phone_number),
        ]
        for value, value_of in wanted:
            found = next((c for c in mine if value is not None and value_of(c) == value), None)
            if found is not None:
                return found
        return None

    def create_contact(self, body: dict[str, Any]) -> ContactInbox:
        """The inbox's link with `source_id` if there is one; else a matching contact (reused as it
        is) or a new one, linked with `source_id` (a UUID by default)."""
        verified = self._verified(body)
        source_id = _present(body.get("source_id"))
        link = self._link(source_id) if source_id is not None else None
        if link is None:
            existing = self._match(body)
            link = (self.contacts.link(existing, self.inbox, source_id) if existing is not None
                    else self._new_contact(body, source_id))
        if verified:
            link.hmac_verified = True
        return link

    def _new_contact(self, body: dict[str, Any], source_id: str | None) -> ContactInbox:
        name = body.get("name")
        fields = {key: body.get(key) for key in ("email", "phone_number", "identifier", "avatar_url",
                                                 "custom_attributes")}
        _, link, _ = self.contacts.create({**fields, "name": name if name is not None else self.new_name(),
                                           "inbox_id": self.inbox.id, "source_id": source_id})
        assert link is not None
        return link

    def update_contact(self, source_id: str, body: dict[str, Any]) -> Contact:
        """`ContactIdentifyAction` without merging: blank values are skipped, the identifier is not
        changed, custom attributes are deep-merged; a taken email or phone is the 422 record body."""
        link = self.contact_inbox(source_id)
        if self._verified(body):
            link.hmac_verified = True
        contact = self.state.contacts[link.contact_id]
        changes = {key: body[key] for key in ("name", "email", "phone_number", "avatar_url")
                   if _present(body.get(key)) is not None}
        if isinstance(body.get("custom_attributes"), dict):
            changes["custom_attributes"] = deep_merge(contact.custom_attributes, body["custom_attributes"])
        return self.contacts.update(contact.id, changes)

    # ---- conversations -----------------------------------------------------------------------------

    def conversations(self, source_id: str) -> list[Conversation]:
        """The contact inbox's conversations, oldest first."""
        link = self.contact_inbox(source_id)
        return sorted((cv for cv in self.state.conversations.values() if cv.contact_inbox_id == link.id),
                      key=lambda cv: cv.id)

    def create_conversation(self, source_id: str) -> Conversation:
        """A new conversation of the contact inbox (custom attributes are ignored, as in v3.1)."""
        link = self.contact_inbox(source_id)
        return Conversations(self.store).create(
            {"inbox_id": self.inbox.id, "contact_id": link.contact_id, "source_id": link.source_id}, None)

    # ---- messages ----------------------------------------------------------------------------------

    def messages(self, source_id: str, display_id: int, before: str | None) -> list[Message]:
        """The latest 20 (or the 20 before `before`), oldest first, without private notes and activities."""
        conversation = self.conversation(source_id, display_id)
        shown = sorted((m for m in self.state.messages.values() if m.conversation_id == conversation.id
                        and not m.private and m.message_type != ACTIVITY), key=lambda m: m.id)
        if _present(before) is not None:
            limit = ruby_to_i(str(before))
            shown = [m for m in shown if m.id < limit]
        return shown[-PUBLIC_MESSAGES:]

    def create_message(self, source_id: str, display_id: int, body: dict[str, Any]) -> Message:
        """Always an incoming message from the contact."""
        conversation = self.conversation(source_id, display_id)
        params = {"content": body.get("content"), "echo_id": body.get("echo_id"), "message_type": "incoming"}
        check_new_message(params, self.inbox)
        return add_message(self.store, conversation, params)

    def update_message(self, source_id: str, display_id: int, message_id: int, body: dict[str, Any]) -> Message:
        """`submitted_values` go into content_attributes; a CSAT survey is closed after 14 days (422)."""
        message = self._message(self.conversation(source_id, display_id), message_id)
        now = self.store.ctx.now()
        if message.content_type == "input_csat" and (now.date() - message.created_at.date()).days > CSAT_DAYS:
            raise ChatwootError(CSAT_LOCKED)
        values = permitted_values(body.get("submitted_values"))
        if values is not None:
            message.content_attributes = {**message.content_attributes, "submitted_values": values}
            message.updated_at = now
            self.store.events.message_updated(message)
        return message


# ---- the answers ---------------------------------------------------------------------------------


def inbox_wire(inbox: Inbox) -> dict[str, Any]:
    """`public/api/v1/inboxes/show.json.jbuilder`."""
    return {
        "identifier": inbox.identifier,
        "name": inbox.name,
        "timezone": inbox.timezone,
        "working_hours": working_hours(inbox),
        "working_hours_enabled": inbox.working_hours_enabled,
        "csat_survey_enabled": inbox.csat_survey_enabled,
        "greeting_enabled": inbox.greeting_enabled,
        "identity_validation_enabled": inbox.hmac_mandatory,
    }


def contact_wire(link: ContactInbox, contact: Contact) -> dict[str, Any]:
    """`public/api/v1/inboxes/contacts/create.json.jbuilder` (show too)."""
    return {"source_id": link.source_id, "pubsub_token": link.pubsub_token, "id": contact.id, "name": contact.name,
            "email": contact.email, "phone_number": contact.phone_number}


def contact_record(contact: Contact) -> dict[str, Any]:
    """The raw Contact record (`render json: contact`): every v3.1 column, ISO-8601 times."""
    return {
        "id": contact.id,
        "name": contact.name,
        "email": contact.email,
        "phone_number": contact.phone_number,
        "account_id": contact.account_id,
        "created_at": record_time(contact.created_at),
        "updated_at": record_time(contact.updated_at),
        "additional_attributes": contact.additional_attributes,
        "identifier": contact.identifier,
        "custom_attributes": contact.custom_attributes,
        "last_activity_at": record_time(contact.last_activity_at),
    }


def _seen(moment: datetime | None) -> int:
    """`.to_i` of a time that may be nil: 0."""
    return unix(moment) or 0


class PublicRenderer:
    """The public views of messages and conversations; senders as the application API writes them."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self.state = renderer.state

    def message(self, message: Message) -> dict[str, Any]:
        """`public/api/v1/models/_message.json.jbuilder`."""
        wire: dict[str, Any] = {
            "id": message.id,
            "content": message.content,
            "message_type": message.message_type,
            "content_type": message.content_type,
            "content_attributes": message.content_attributes,
            "created_at": unix(message.created_at),
            "conversation_id": self.state.conversations[message.conversation_id].display_id,
        }
        if message.attachments:
            wire["attachments"] = message.attachments
        sender = self.renderer.sender(message)
        if sender is not None:
            wire["sender"] = sender
        return wire

    def conversation(self, conversation: Conversation) -> dict[str, Any]:
        """`public/api/v1/models/_conversation.json.jbuilder`: every chat message and the contact record."""
        chat = [m for m in self.renderer.messages_of(conversation) if m.message_type != ACTIVITY and not m.private]
        return {
            "id": conversation.display_id,
            "uuid": conversation.uuid,
            "inbox_id": conversation.inbox_id,
            "contact_last_seen_at": _seen(conversation.contact_last_seen_at),
            "status": conversation.status,
            "agent_last_seen_at": _seen(conversation.agent_last_seen_at),
            "messages": [self.message(m) for m in chat],
            "contact": contact_record(self.state.contacts[conversation.contact_id]),
        }
