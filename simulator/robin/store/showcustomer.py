"""Show customer (point of sale): a conversation opened for an agent, and the notification it pops up."""

from __future__ import annotations

from simulator.robin.errors import BadRequest
from simulator.robin.models import Conversation, Notification
from simulator.robin.store.base import StoreBase

SHOW_CUSTOMER_CHANNEL = "ShowCustomer"


class ShowCustomerRules(StoreBase):
    def show_customer(self, *, user_email_address: str = "", customer: dict[str, str]) -> Conversation:
        agent = self.agent(user_email_address) if user_email_address else None
        if user_email_address and agent is None:
            raise BadRequest(
                f"Invalid field 'user_email_address': no agent {user_email_address!r}",
                details={"user_email_address": ["Unknown agent."]},
            )
        email = customer.get("email_address", "")
        phone = customer.get("phone_number", "")
        external = customer.get("external_identifier", "")
        phone_matches = self.customers_by_phone(phone) if phone else []
        known = self.tenant.customers.get(email.lower()) if email else None
        if known is None and len(phone_matches) == 1:
            known = phone_matches[0]
        if known is None and external:
            matches = self.customers_by_external_identifier(external)
            known = matches[0] if len(matches) == 1 else None
        conversation = self.new_conversation(
            subject="Customer at the counter",
            channel=SHOW_CUSTOMER_CHANNEL,
            owner=agent.as_party() if agent else None,
            webstore=self.default_webstore(),
            customer_email=email or (known.email_address if known else ""),
            customer_phone=phone or (known.phone_number if known else ""),
            relation_name=known.name if known else "",
        )
        conversation.profile.external_identifier = external
        self.tenant.notifications.append(
            Notification(
                at=conversation.started_at,
                conversation_guid=conversation.guid,
                agent_email=agent.email if agent else "",
                customer_email=email,
                customer_phone=phone,
                external_identifier=external,
            )
        )
        if email or external or len(phone_matches) <= 1:  # else: search results
            self.start_profile_lookup(conversation)
        return conversation
