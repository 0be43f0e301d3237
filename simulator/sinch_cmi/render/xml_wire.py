"""XML on the wire: JAXB-like rendering of the JSON bodies, and hardened parsing of XML input.

Simulator choice (the vendor publishes no XML sample): a collection is `<emails><email>…</email>
</emails>` (plural resource root, singular items), a single entity `<email>…</email>`. A nested
object is an element of the field's name; a list field is a wrapper element of the field's name
holding one element per item, named after the item's RAML type (`<to_address><emailAddress>…`).
Message destinations keep the shape the vendor's JSON examples show (`destinations.destination[]`,
the JAXB/Jettison mapping of `<destinations><destination/>…</destinations>`). Null values are left
out, booleans are `true`/`false`, times are the same ISO-8601 strings as in JSON.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element, ParseError, SubElement, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from simulator.sinch_cmi.errors import InvalidParameter

ROOTS = {  # resource path segment → (collection element, entity element)
    "emails": ("emails", "email"),
    "scriptResults": ("scriptResults", "scriptResult"),
    "chats": ("chats", "chat"),
    "callRecordings": ("callRecordings", "callRecording"),
    "listenLog": ("listenLogs", "listenLog"),
    "callbacks": ("callbacks", "callback"),
    "contacts": ("contacts", "contact"),
    "details": ("contactDetails", "contactDetails"),
    "contactData": ("contactData", "contactDatum"),
    "messages": ("messages", "message"),
    "customerConsents": ("customerConsents", "customerConsent"),
}
ITEM_NAMES = {  # list field → item element (the RAML item type, lower camel case)
    "attachments": "attachmentInfo",
    "to_address": "emailAddress",
    "cc_address": "emailAddress",
    "bcc_address": "emailAddress",
    "participants": "chatParticipant",
    "messages": "chatTranscript",
    "listen_log": "callRecordingListenLog",
    "scriptquestions": "scriptResultQuestion",
    "scriptanswers": "scriptResultAnswer",
    "attachedData": "entry",
    "callRecordings": "callRecording",
    "scriptResults": "scriptResult",
    "contactData": "contactDatum",
    "destinations": "destination",  # a body's list; an answer nests it as `{"destination": [...]}` (REPEATED)
}
REPEATED = {"destination"}  # list fields written as repeated elements without a wrapper
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # not an XML 1.0 Char


def root_names(path: str, mount: str) -> tuple[str, str]:
    segments = [s for s in path[len(mount):].split("/") if s]
    for segment in reversed(segments):
        if segment in ROOTS:
            return ROOTS[segment]
    return ("items", "item")


def render(data: Any, collection: str, entity: str) -> str:
    if isinstance(data, list):
        root = Element(collection)
        for item in data:
            _fill(SubElement(root, entity), item)
    else:
        root = Element(entity)
        _fill(root, data)
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + tostring(root, encoding="unicode")


def _fill(element: Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if item is None:
                continue
            if isinstance(item, list):
                if key in REPEATED:
                    for entry in item:
                        _fill(SubElement(element, key), entry)
                    continue
                wrapper = SubElement(element, key)
                name = ITEM_NAMES.get(key, "item")
                for entry in item:
                    _fill(SubElement(wrapper, name), entry)
                continue
            _fill(SubElement(element, key), item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = _NOT_XML.sub("\ufffd", str(value))  # JSON input may hold what XML 1.0 cannot


def parse(body: bytes) -> Any:
    """XML → plain data (element → dict of children, repeated children → list, leaf → text).

    DTDs, entity declarations and external references are refused (billion laughs, XXE).
    """
    try:
        root = fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise InvalidParameter("XML with a DTD, entity declarations or external references is refused") from None
    except ParseError as exc:
        raise InvalidParameter(f"Malformed XML: {exc}") from None
    except (ValueError, LookupError) as exc:  # an encoding the parser cannot read (UTF-7, UTF-32, EBCDIC, unknown)
        raise InvalidParameter(f"Malformed XML: unsupported encoding ({exc}); send UTF-8") from None
    try:
        return _data(root)
    except RecursionError:  # thousands of nested elements: refuse rather than crash
        raise InvalidParameter("Malformed XML: nested too deeply") from None


def _data(element: Element) -> Any:
    children = list(element)
    if not children:
        return element.text or ""
    grouped: dict[str, list[Any]] = {}
    for child in children:
        grouped.setdefault(child.tag, []).append(_data(child))
    return {tag: values[0] if len(values) == 1 else values for tag, values in grouped.items()}
