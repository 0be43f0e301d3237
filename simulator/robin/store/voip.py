"""Phone calls registered by VoIP events: Answered opens a conversation, Transfer hands it on, Disconnected ends it."""

from __future__ import annotations

from datetime import datetime

from simulator.robin.errors import NotAcceptable
from simulator.robin.models import Agent, CallEvent, Conversation, Message, PhoneCall, Sender
from simulator.robin.store.base import StoreBase

PHONE_CHANNEL = "Phone"


class VoipRules(StoreBase):
    def register_voip_event(
        self,
        *,
        id: str,
        event_type: str,
        phone_number: str,
        phone_extension: str,
        direction: str,
        phone_referrer: str = "",
        filter_field: str = "",
        filter_value: str = "",
    ) -> Conversation:
        agent = self.agent_by_extension(phone_extension)
        if agent is None:
            raise NotAcceptable(f"PhoneExtension {phone_extension!r} is not linked to an agent")
        now = self.ctx.now()
        conversation = next((c for c in self.tenant.conversations if c.call and c.call.call_id == id), None)
        event = CallEvent(event_type=event_type, at=now, phone_extension=phone_extension, agent_email=agent.email)
        if event_type == "Answered":
            if conversation is not None:
                raise NotAcceptable(f"Call {id!r} was already answered")
            return self._answer_call(
                id, phone_number, direction, phone_referrer, filter_field, filter_value, agent, event
            )
        if conversation is None or conversation.call is None:
            done = {"Transfer": "transferred"}.get(event_type, event_type.lower())
            raise NotAcceptable(f"Call {id!r} has not been answered, so it cannot be {done}")
        call = conversation.call
        if call.ended_at is not None:
            raise NotAcceptable(f"Call {id!r} has already ended")
        call.events.append(event)
        if event_type == "Transfer":
            conversation.owner = agent.as_party()
            note = f"Call transferred to {agent.name} (extension {phone_extension})"
        else:
            call.ended_at = now
            seconds = int((now - (call.answered_at or now)).total_seconds())
            note = f"Call ended after {seconds} s"
        conversation.messages.append(_system_note(self.ctx.new_id(), now, note))
        return conversation

    def _answer_call(
        self,
        call_id: str,
        phone_number: str,
        direction: str,
        phone_referrer: str,
        filter_field: str,
        filter_value: str,
        agent: Agent,
        event: CallEvent,
    ) -> Conversation:
        if filter_value:
            candidates = self.customers_by_external_identifier(filter_value)
        else:
            candidates = self.customers_by_phone(phone_number)
        webstore = self.webstore_for(phone_referrer)
        conversation = self.new_conversation(
            subject=f"{direction} call {phone_number}",
            channel=PHONE_CHANNEL,
            owner=agent.as_party(),
            webstore=webstore.name if webstore else self.default_webstore(),
            referrer=phone_referrer,
            customer_email=candidates[0].email_address if len(candidates) == 1 else "",
            customer_phone=phone_number,
            relation_name=candidates[0].name if len(candidates) == 1 else "",
            relation_external_identifier=phone_number,
            call=PhoneCall(
                call_id=call_id,
                phone_number=phone_number,
                direction=direction,
                phone_referrer=phone_referrer,
                filter_field=filter_field,
                filter_value=filter_value,
                answered_at=event.at,
                answered_by=agent.email,
                events=[event],
                customer_candidates=[c.email_address for c in candidates] if len(candidates) > 1 else [],
            ),
        )
        conversation.profile.external_identifier = filter_value
        note = f"{direction} call from {phone_number} answered by {agent.name} (extension {event.phone_extension})"
        if len(candidates) > 1:
            note += f"; {len(candidates)} customers share this number, shown as search results"
        conversation.messages.append(_system_note(self.ctx.new_id(), event.at, note))
        if len(candidates) <= 1:  # several matches: the agent picks from search results instead
            self.start_profile_lookup(conversation)
        return conversation


def _system_note(message_id: str, at: datetime, text: str) -> Message:
    return Message(id=message_id, sent_at=at, sender=Sender("System", "ROBIN"), content=text, scope="Internal")
