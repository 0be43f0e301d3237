"""CmiStore: the contact center's rules, one method per CMI operation, each resource's in its own module."""

from __future__ import annotations

from simulator.sinch_cmi.store.call_recordings import CallRecordingRules
from simulator.sinch_cmi.store.callbacks import CallbackRules
from simulator.sinch_cmi.store.chats import ChatRules
from simulator.sinch_cmi.store.consents import ConsentRules
from simulator.sinch_cmi.store.contact_data import ContactDataRules
from simulator.sinch_cmi.store.contacts import ContactRules
from simulator.sinch_cmi.store.emails import EmailRules
from simulator.sinch_cmi.store.messages import MessageRules
from simulator.sinch_cmi.store.remarks import RemarkRules
from simulator.sinch_cmi.store.script_results import ScriptResultRules


class CmiStore(
    EmailRules,
    ScriptResultRules,
    ChatRules,
    CallRecordingRules,
    CallbackRules,
    ContactRules,
    RemarkRules,
    ContactDataRules,
    MessageRules,
    ConsentRules,
):
    """The rules of every resource over one namespace's state, for one caller; raises typed errors."""
