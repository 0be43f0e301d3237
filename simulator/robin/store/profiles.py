"""What the dynamic integration's answers record on a conversation: the profile lookup's outcome, customer, orders."""

from __future__ import annotations

from typing import Any

from simulator.robin.models import Conversation


def nothing_to_fetch(conversation: Conversation) -> None:
    """No identifier to ask the dynamic integration by: the lookup ends before it starts."""
    conversation.profile.status = "none"


def profile_failed(conversation: Conversation, error: str) -> None:
    conversation.profile.status, conversation.profile.error = "failed", error


def profile_not_found(conversation: Conversation) -> None:
    conversation.profile.status = "not_found"


def profile_fetched(conversation: Conversation, customer: dict[str, Any]) -> str:
    """Keep the customer; a conversation without a customer email takes the profile's.

    Returns the email address to fetch the customer's orders by ("" when there is none).
    """
    lookup = conversation.profile
    lookup.status, lookup.customer = "fetched", customer
    email = str(customer.get("email_address") or lookup.email)
    if email and not conversation.customer_email:
        conversation.customer_email = email
    return email


def orders_fetched(conversation: Conversation, orders: Any) -> None:
    """The `orders` of the webshop's answer; anything but a list counts as none."""
    conversation.profile.orders = orders if isinstance(orders, list) else []
