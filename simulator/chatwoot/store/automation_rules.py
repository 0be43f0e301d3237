"""Automation rules: CRUD with v3.1's validation, and running the matching rules' actions on events."""

from __future__ import annotations

from typing import Any

from simulator.chatwoot.errors import ErrorsHash
from simulator.chatwoot.models import (
    AUTOMATION_EVENTS,
    CONVERSATION_STATUSES,
    MESSAGE_TYPES,
    PRIORITIES,
    AutomationRule,
    Conversation,
    Message,
)
from simulator.chatwoot.store.base import AUTOMATION, as_id, owned
from simulator.chatwoot.store.conversations import Conversations
from simulator.chatwoot.store.events import Event
from simulator.chatwoot.store.message_builder import add_automated_message
from simulator.chatwoot.store.scope import AccountPart, AccountScope

CONDITION_KEYS = ("content", "email", "country_code", "status", "message_type", "browser_language", "assignee_id",
                  "team_id", "referer", "city", "company", "inbox_id", "mail_subject", "phone_number", "priority",
                  "conversation_language")
ACTIONS = ("send_message", "add_label", "send_email_to_team", "assign_team", "assign_agent", "send_webhook_event",
           "mute_conversation", "send_attachment", "change_status", "resolve_conversation", "snooze_conversation",
           "change_priority", "send_email_transcript")
CHANGES = ("add_label", "assign_team", "assign_agent", "change_priority", "mute_conversation", "change_status",
           "resolve_conversation", "snooze_conversation")  # the actions that write activity messages
STATUS_ACTIONS = {"resolve_conversation": "resolved", "snooze_conversation": "snoozed"}  # else change_status's


class AutomationRules(AccountPart):
    """The automation-rule operations of one account (administrators only, checked first)."""

    def all(self) -> list[AutomationRule]:
        self.scope.require_admin()
        return sorted((r for r in self.state.automation_rules.values() if r.account_id == self.account_id),
                      key=lambda r: r.id)

    def find(self, rule_id: int) -> AutomationRule:
        """v3.1 fails with a 500 on an unknown id (find_by, then the view); the simulator answers 404."""
        self.scope.require_admin()
        return owned(self.state.automation_rules, rule_id, self.account_id)

    def _check(self, fields: dict[str, Any]) -> None:
        messages: dict[str, list[str]] = {}
        if fields.get("event_name") not in AUTOMATION_EVENTS:
            messages.setdefault("event_name", []).append("is not included in the list")
        conditions, actions = fields.get("conditions"), fields.get("actions")
        if not isinstance(conditions, list) or not all(isinstance(c, dict) for c in conditions):
            messages.setdefault("conditions", []).append("Automation conditions should be a list of objects.")
        else:
            custom = {d.attribute_key for d in self.state.custom_attributes_of(self.account_id)}
            unknown = [str(c.get("attribute_key") or "") for c in conditions
                       if c.get("attribute_key") not in CONDITION_KEYS and c.get("attribute_key") not in custom]
            if unknown:
                text = f"Automation conditions {','.join(unknown)} not supported."
                messages.setdefault("conditions", []).append(text)
            if sum(1 for c in conditions if c.get("query_operator") is None) > 1:
                messages.setdefault("conditions", []).append("Automation conditions should have query operator.")
        if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
            messages.setdefault("actions", []).append("Automation actions should be a list of objects.")
        else:
            unknown = [str(a.get("action_name") or "") for a in actions if a.get("action_name") not in ACTIONS]
            if unknown:
                messages.setdefault("actions", []).append(f"Automation actions {','.join(unknown)} not supported.")
        if messages:
            raise ErrorsHash("Invalid automation rule", messages)

    def create(self, body: dict[str, Any]) -> AutomationRule:
        self.scope.require_admin()
        self._check(body)
        rule = AutomationRule(id=self.state.next_id("automation_rules"), account_id=self.account_id,
                              name=str(body.get("name") or ""), event_name=body["event_name"],
                              conditions=body["conditions"], actions=body["actions"], created_at=self.scope.ctx.now(),
                              description=body.get("description"), active=body.get("active") is not False)
        self.state.automation_rules[rule.id] = rule
        return rule

    def update(self, rule_id: int, body: dict[str, Any]) -> AutomationRule:
        rule = self.find(rule_id)
        merged = {"event_name": rule.event_name, "conditions": rule.conditions, "actions": rule.actions,
                  **{k: v for k, v in body.items() if v is not None}}
        self._check(merged)
        rule.event_name, rule.conditions, rule.actions = merged["event_name"], merged["conditions"], merged["actions"]
        for key in ("name", "description", "active"):
            if body.get(key) is not None:
                setattr(rule, key, body[key])
        return rule

    def delete(self, rule_id: int) -> None:
        del self.state.automation_rules[self.find(rule_id).id]

    # ---- running ------------------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        """Subscribed to the account's events: those rules run on run the matching rules, unless the automation
        system caused them (Chatwoot skips events performed by an automation rule: no loops)."""
        if event.actor.automation or event.name not in AUTOMATION_EVENTS or event.conversation is None:
            return
        self.run(event.name, event.conversation, event.message)

    def run(self, event: str, conversation: Conversation, message: Message | None) -> None:
        """Every active rule of the event whose conditions hold runs its actions, in rule order, acted by the
        automation system (so what they cause runs no rule in turn)."""
        rules = [r for r in self.state.automation_rules.values()
                 if r.account_id == self.account_id and r.active and r.event_name == event]
        if not rules:
            return
        system = self.scope.acting_as(AUTOMATION)
        for rule in sorted(rules, key=lambda r: r.id):
            if matches(rule.conditions, self._values(conversation, message)):
                for action in rule.actions:
                    _act(system, action, conversation, rule)

    def _values(self, conversation: Conversation, message: Message | None) -> dict[str, Any]:
        contact = self.state.contacts[conversation.contact_id]
        extra = conversation.additional_attributes
        values: dict[str, Any] = {
            "status": conversation.status, "assignee_id": conversation.assignee_id, "team_id": conversation.team_id,
            "inbox_id": conversation.inbox_id, "priority": conversation.priority,
            "browser_language": extra.get("browser_language"), "referer": extra.get("referer"),
            "conversation_language": extra.get("conversation_language"), "mail_subject": extra.get("mail_subject"),
            "email": contact.email, "phone_number": contact.phone_number,
            "country_code": contact.additional_attributes.get("country_code"),
            "city": contact.additional_attributes.get("city"),
            "company": contact.additional_attributes.get("company_name"),
            "content": message.content if message else None,
            "message_type": MESSAGE_TYPES[message.message_type] if message else None,
        }
        return {**contact.custom_attributes, **conversation.custom_attributes, **values}


def _act(system: AccountScope, action: dict[str, Any], conversation: Conversation, rule: AutomationRule) -> None:
    """One action, through the same code as the API (activity messages and events included).

    The e-mail and file actions (send_email_to_team, send_attachment, send_email_transcript) have no effect.
    """
    name, params = action.get("action_name"), action.get("action_params")
    params = params if isinstance(params, list) else []
    first = params[0] if params else None
    if name in CHANGES:
        with system.events.tracking(conversation):
            _change(Conversations(system), str(name), conversation, params)
    elif name == "send_message" and first:
        add_automated_message(system, conversation, str(first))
    elif name == "send_webhook_event" and first:
        system.events.conversation_sent(conversation, rule.event_name, str(first))


def _change(conversations: Conversations, name: str, conversation: Conversation, params: list[Any]) -> None:
    """An action that changes the conversation, writing what the server's activity handler writes
    for a change made by a rule: its actor is "Automation System", never the API caller."""
    first = params[0] if params else None
    if name == "add_label":
        conversations.add_labels(conversation, params)
    elif name == "assign_team":
        _assign_team(conversations, conversation, first)
    elif name == "assign_agent":
        _assign_agent(conversations, conversation, first)
    elif name == "change_priority":
        _change_priority(conversations, conversation, first)
    elif name == "mute_conversation":
        conversations.mute(conversation)
    else:
        status = STATUS_ACTIONS.get(name) or first
        if status in CONVERSATION_STATUSES:
            conversations.set_status(conversation, status)


def _assign_agent(conversations: Conversations, conversation: Conversation, agent_id: Any) -> None:
    """The value "nil" unassigns; otherwise only an agent of the conversation's inbox, or an administrator."""
    if agent_id == "nil":
        conversations.set_assignee(conversation, None)
        return
    membership = conversations.state.membership(conversations.account_id, as_id(agent_id) or 0)
    inbox = conversations.state.inboxes[conversation.inbox_id]
    if membership is not None and (membership.role == "administrator" or membership.user_id in inbox.member_ids):
        conversations.set_assignee(conversation, membership)


def _assign_team(conversations: Conversations, conversation: Conversation, team_id: Any) -> None:
    """Blank, 0 or "nil" unassigns the team; an id of no team of the account changes nothing."""
    if team_id in (None, "", 0, "0", "nil"):
        conversations.set_team(conversation, None)
        return
    team = conversations.team_or_none(team_id)
    if team is not None:
        conversations.set_team(conversation, team)


def _change_priority(conversations: Conversations, conversation: Conversation, value: Any) -> None:
    """The value "nil" or a blank clears the priority; a value the enum refuses changes nothing."""
    priority = None if value in (None, "", "nil") else value
    if priority is None or priority in PRIORITIES:
        conversations.set_priority(conversation, priority)


def matches(conditions: list[dict[str, Any]], values: dict[str, Any]) -> bool:
    """Each condition against the event's values; AND binds tighter than OR (as in the filter SQL).
    A rule without conditions runs on every event of its kind."""
    if not conditions:
        return True
    groups: list[list[bool]] = [[]]
    for condition in conditions:
        groups[-1].append(_holds(condition, values))
        if str(condition.get("query_operator") or "").upper() == "OR":
            groups.append([])
    return any(all(group) for group in groups if group)


def _holds(condition: dict[str, Any], values: dict[str, Any]) -> bool:
    value = values.get(str(condition.get("attribute_key")))
    wanted = condition.get("values")
    wanted = wanted if isinstance(wanted, list) else [wanted]
    text = None if value is None else str(value).lower()
    targets = [str(v).lower() for v in wanted if v is not None]
    operator = condition.get("filter_operator")
    if operator == "is_present":
        return text not in (None, "")
    if operator == "is_not_present":
        return text in (None, "")
    if text is None:
        return False
    if operator == "equal_to":
        return text in targets
    if operator == "not_equal_to":
        return text not in targets
    if operator == "contains":
        return any(target in text for target in targets)
    if operator == "does_not_contain":
        return not any(target in text for target in targets)
    if operator == "starts_with":
        return any(text.startswith(target) for target in targets)
    return False
