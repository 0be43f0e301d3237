"""Chats: discussions looked up by address and sub type, and new ones that enter a chat queue as contacts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from simulator.sinch_cmi.errors import InvalidParameter, NotFound
from simulator.sinch_cmi.models import CHAT_SUBTYPES, Chat, ChatLine, ChatParticipant, Contact
from simulator.sinch_cmi.store.base import StoreBase, Wire, first, page
from simulator.sinch_cmi.store.query import SortSpec


class ChatRules(StoreBase):
    def list_chats(
        self,
        *,
        originator: str | None,
        destination: str | None,
        channel_sub_type: str | None,
        sort: SortSpec | None,
        limit: int | None,
    ) -> list[Wire]:
        chats, contacts = self.state.chats, self.state.contacts
        wanted_originator = originator.strip().lower() if originator is not None else None
        wanted_destination = destination.strip().lower() if destination is not None else None
        wanted_sub_type = channel_sub_type.lower() if channel_sub_type is not None else None

        def matching() -> Iterator[tuple[Chat, Contact]]:
            for chat_id in self.indexes.chats.ids(self.state):  # newest first, as the answer lists them
                chat, contact = chats[chat_id], contacts[chat_id]
                if wanted_originator is not None and contact.source.strip().lower() != wanted_originator:
                    continue
                if wanted_destination is not None and contact.destination.strip().lower() != wanted_destination:
                    continue
                if wanted_sub_type is not None and chat.channel_sub_type.lower() != wanted_sub_type:
                    continue
                yield chat, contact

        found = matching() if sort is not None else first(matching(), limit)  # a sort reads them all
        return page([self.writer.chat(chat, contact) for chat, contact in found], sort, limit)

    def get_chat(self, chat_id: str) -> Wire:
        chat = self.state.chats.get(chat_id)
        if chat is None:
            raise NotFound()
        return self.writer.chat(chat, self.state.contacts[chat.id], single=True)

    def create_chat(
        self,
        *,
        channel_type: str,
        channel_sub_type: str,
        originator: str,
        destination: str,
        title: str,
        queue_id: str,
        participants: list[dict[str, str]],
        transcript: list[dict[str, Any]],
        date_created: datetime | None,
    ) -> str:
        """Simulator choice: an inbound chat (`chat`) enters its queue (InQueue); an outbound
        message (`chatout`) was sent by the system and is Handled at once."""
        queue = self.state.queues.get(queue_id)
        if queue is None or queue.channel != "CHAT":
            raise InvalidParameter(f"Unknown chat queue: from_queue.id '{queue_id}'")
        now = self.ctx.now()
        arrival = date_created or now
        outbound = channel_type == "chatout"
        chat_id = self.ctx.new_guid()
        group = self.ctx.new_guid()
        lines = [
            ChatLine(
                message=line["message"],
                originator=line["originator"],
                timestamp=line.get("timestamp") or arrival,
                system_message=line.get("system_message", False),
                type=line.get("type", "text"),
            )
            for line in transcript
        ]
        lines.sort(key=lambda line: line.timestamp, reverse=True)  # newest first, as the vendor lists them
        self.state.contacts[chat_id] = Contact(
            id=chat_id,
            contact_group_id=f"{group[:8]}-{group[8:12]}-{group[12:16]}-{group[16:20]}-{group[20:]}",
            channel="CHAT",
            type="ChatOut" if outbound else "ChatIn",
            type_details="ChatOut" if outbound else "Chat",
            subtype=channel_sub_type.lower() if channel_sub_type.lower() in CHAT_SUBTYPES else None,
            status="Handled" if outbound else "InQueue",
            status_details="Sent" if outbound else "Open",
            source=originator,
            destination=destination,
            arrival_time=arrival,
            queue_id=queue.id,
            disconnect_time=arrival if outbound else None,
            wrap_up_end_time=arrival if outbound else None,
            subject=title,
        )
        self.state.chats[chat_id] = Chat(
            id=chat_id,
            channel_type=channel_type,
            channel_sub_type=channel_sub_type,
            title=title,
            participants=[ChatParticipant(alias=p["alias"], uniquekey=p["uniquekey"]) for p in participants],
            transcript=lines,
        )
        derived = self.indexes
        for index in (derived.contacts, derived.contacts_by_queue, derived.contacts_by_agent,
                      derived.contacts_as_written, derived.groups, derived.chats):
            index.added(self.state, chat_id)
        return chat_id
