"""Real CMI XML answers and bodies against the spec's XML schemas, read as an XSD built from their `xml` objects."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote
from xml.etree.ElementTree import Element, SubElement, fromstring, tostring

import pytest
import xmlschema

from simulator import create_app
from simulator.config import Config
from tests.sinch_cmi.openapi_xsd import xsd
from tests.sinch_cmi.support import XML, Cmi

Schema = dict[str, Any]
COMPONENTS = "#/components/schemas/"
JSON = "application/json"
METHODS = ("get", "put", "post", "delete")


def _cmi_spec() -> Schema:
    app = create_app(Config(rate_limits=False))
    try:
        return next(module for module in app.extensions["simulator"].modules if module.name == "sinch-cmi").spec()
    finally:
        app.extensions["simulator"].outbox.shutdown()


SPEC = _cmi_spec()


def operations(spec: Schema) -> Iterator[tuple[str, str, Schema]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method, path, operation


def answer_media(spec: Schema, path: str) -> Schema:
    return spec["paths"][path]["get"]["responses"]["200"]["content"][XML]


def body_media(spec: Schema, method: str, path: str) -> Schema:
    return spec["paths"][path][method.lower()]["requestBody"]["content"][XML]


ANSWERS = [path for method, path, op in operations(SPEC)
           if method == "get" and XML in op["responses"].get("200", {}).get("content", {})]
BODIES = [(method.upper(), path) for method, path, op in operations(SPEC)
          if XML in op.get("requestBody", {}).get("content", {})]


@cache
def answer_xsd(path: str) -> xmlschema.XMLSchema11:
    return xsd(SPEC, answer_media(SPEC, path)["schema"])


@cache
def body_xsd(method: str, path: str) -> xmlschema.XMLSchema11:
    return xsd(SPEC, body_media(SPEC, method, path)["schema"])


def problems(schema: xmlschema.XMLSchema11, document: bytes | str) -> list[str]:
    return [f"{error.path}: {error.reason}" for error in schema.iter_errors(document)]


# ---- the spec: XML schemas for XML, JSON schemas for JSON --------------------------------------


def references(spec: Schema, node: Any, seen: set[str] | None = None) -> set[str]:
    """Every component schema `node` reaches through `$ref`s."""
    seen = set() if seen is None else seen
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(COMPONENTS) and ref[len(COMPONENTS):] not in seen:
            seen.add(ref[len(COMPONENTS):])
            references(spec, spec["components"]["schemas"][ref[len(COMPONENTS):]], seen)
        for value in node.values():
            references(spec, value, seen)
    elif isinstance(node, list):
        for value in node:
            references(spec, value, seen)
    return seen


def media(spec: Schema) -> Iterator[tuple[str, str, Schema]]:
    """(operation, media type, media object) of every request body and 200 answer."""
    for method, path, operation in operations(spec):
        contents = [("body", operation.get("requestBody", {}).get("content", {})),
                    ("200", operation["responses"].get("200", {}).get("content", {}))]
        for where, content in contents:
            for media_type, entry in content.items():
                yield f"{method.upper()} {path} {where}", media_type, entry


def test_spec__xml_media_types_have_xml_schemas_and_json_ones_keep_theirs() -> None:
    wrong = []
    for where, media_type, entry in media(SPEC):
        reached = references(SPEC, entry["schema"])
        if media_type == XML and (not reached or any(not name.endswith("Xml") for name in reached)):
            wrong.append(f"{where} {media_type}: {sorted(reached)}")
        if media_type == JSON and any(name.endswith("Xml") for name in reached):
            wrong.append(f"{where} {media_type}: {sorted(reached)}")
    assert not wrong


def test_spec__every_body_and_answer_in_json_is_also_described_in_xml() -> None:
    with_json = {where for where, media_type, _ in media(SPEC) if media_type == JSON}
    with_xml = {where for where, media_type, _ in media(SPEC) if media_type == XML}
    assert with_json == with_xml
    assert len(ANSWERS) >= 20 and len(BODIES) >= 9


def test_spec__a_referenced_xml_schema_names_the_element_it_stands_for() -> None:
    """OpenAPI 3.0 leaves open whether a property's `$ref` keeps the property's name or takes the referenced
    schema's `xml.name`: the two are the same everywhere here, so every reader sees the same elements."""
    schemas = SPEC["components"]["schemas"]

    def named(node: Schema) -> str | None:
        ref = node.get("$ref") or (node.get("allOf") or [{}])[0].get("$ref")
        return schemas[ref[len(COMPONENTS):]].get("xml", {}).get("name") if ref else node.get("xml", {}).get("name")

    wrong = []
    for name, schema in schemas.items():
        if not name.endswith("Xml"):
            continue
        if "name" not in schema.get("xml", {}):
            wrong.append(f"{name}: no element name")
        for key, value in schema.get("properties", {}).items():
            if value.get("type") == "array":
                if value.get("xml", {}).get("wrapped") and named(value["items"]) is None:
                    wrong.append(f"{name}.{key}: items without an element name")
            elif named(value) not in (None, key):
                wrong.append(f"{name}.{key}: stands for <{named(value)}>")
    assert not wrong


def test_spec__every_xml_example_is_valid_against_its_schema() -> None:
    invalid = []
    for where, media_type, entry in media(SPEC):
        if media_type == XML and isinstance(entry.get("example"), str):
            invalid += [f"{where}: {p}" for p in problems(xsd(SPEC, entry["schema"]), entry["example"])]
    assert not invalid


# ---- answers: every XML answer of every operation ----------------------------------------------


PARAMETER = re.compile(r"\{([^}]+)\}")


def path_value(parameter: str, item: Schema) -> str:
    if parameter == "usageAndAddress":
        return quote(f"{item['usage']}_{item['address']}", safe="")
    return str(item[parameter] if parameter in item else item["id"])


def query_variants(path: str) -> list[str]:
    """No query, then each boolean query parameter on its own (`statistics=true` adds elements)."""
    parameters = SPEC["paths"][path]["get"].get("parameters", [])
    flags = [p["name"] for p in parameters if p.get("in") == "query" and p.get("schema", {}).get("type") == "boolean"]
    return ["", *(f"?{flag}=true" for flag in flags)]


def instances(cmi: Cmi, path: str) -> list[str]:
    """The operation's path for every record of the seeded world (one path when it has no parameter)."""
    parameters = PARAMETER.findall(path)
    if not parameters:
        return [path]
    assert len(parameters) == 1, path
    collection = path.split("/{")[0]
    listed = cmi.get(f"{collection}?limit=100000")
    assert listed.status_code == 200, listed.get_data(as_text=True)
    values = dict.fromkeys(path_value(parameters[0], item) for item in listed.get_json())
    assert values, f"{collection}: the seeded world has none"
    return [path.replace(f"{{{parameters[0]}}}", value) for value in values]


def assert_valid_answers(cmi: Cmi, path: str, urls: list[str]) -> int:
    """Each URL answers 200 XML valid against `path`'s XML schema; the number of elements checked."""
    schema = answer_xsd(path)
    invalid: list[str] = []
    checked = 0
    for url in urls:
        response = cmi.xml(url)
        assert response.status_code == 200, (url, response.get_data(as_text=True))
        assert response.mimetype == XML, url
        invalid += [f"{url}: {p}" for p in problems(schema, response.data)[:3]]
        checked += sum(1 for _ in fromstring(response.data).iter())
    assert not invalid, "\n".join(invalid[:20])
    return checked


@pytest.mark.parametrize("path", ANSWERS)
def test_answer__every_xml_answer_is_valid(cmi: Cmi, path: str) -> None:
    urls = [url + query for url in instances(cmi, path) for query in query_variants(path)]
    checked = assert_valid_answers(cmi, path, urls)
    assert checked > len(urls), f"{path}: only empty answers"


# ---- bodies: what the simulator reads, as the spec describes it --------------------------------


@dataclass(frozen=True)
class XmlWrite:
    """An XML body for one operation and the answers that show its effect."""

    body: str
    reads: tuple[str, ...]  # URLs, `{…}` filled from the world's ids (`{created}`: the new record's)
    check: Callable[[Cmi, dict[str, str]], None] | None = None


CHAT = """<chat>
  <originator>sam.i.am@greeneggs.ham</originator>
  <destination>123456Support@Test.com</destination>
  <from_queue><id>{queue}</id><name>My support chat</name></from_queue>
  <title>Discussion with Bot</title>
  <channel_type>chat</channel_type>
  <channel_sub_type>text</channel_sub_type>
  <participants>
    <chatParticipant><alias>Sam</alias><uniquekey>sam.i.am@greeneggs.ham</uniquekey></chatParticipant>
    <chatParticipant><alias>The Bot</alias><uniquekey>bot@acme.com</uniquekey></chatParticipant>
  </participants>
  <transcript>
    <messages>
      <chatTranscript>
        <message>Goodbye. Please wait while I transfer you to the queue.</message>
        <originator>bot@acme.com</originator>
        <timestamp>2021-08-07T12:44:22.453Z</timestamp>
        <system_message>false</system_message>
        <type>text</type>
      </chatTranscript>
      <chatTranscript>
        <message>I would like to talk to a human agent</message>
        <originator>sam.i.am@greeneggs.ham</originator>
      </chatTranscript>
    </messages>
  </transcript>
  <date_created>2021-08-07T12:44:23.000Z</date_created>
</chat>"""
SCRIPT_RESULT = """<scriptResult>
  <script_id>5A1F00D5C0DE4A11B0B0C0FFEE000001</script_id>
  <name>Satisfaction survey</name>
  <contact_id>{contact}</contact_id>
  <scriptquestions>
    <scriptResultQuestion>
      <data>How satisfied were you?</data>
      <controltype>radio</controltype>
      <datatype>string</datatype>
      <ordinal>1</ordinal>
      <scriptanswers>
        <scriptResultAnswer><answerdata>Very</answerdata><ordinal>1</ordinal></scriptResultAnswer>
        <scriptResultAnswer><answerdata>Quite</answerdata><ordinal>2</ordinal></scriptResultAnswer>
      </scriptanswers>
    </scriptResultQuestion>
    <scriptResultQuestion>
      <data>Anything else?</data>
      <controltype>text</controltype>
      <datatype>string</datatype>
      <ordinal>2</ordinal>
      <scriptanswers/>
    </scriptResultQuestion>
  </scriptquestions>
</scriptResult>"""
LISTEN_LOG = """<listenLog>
  <description>Quality review</description>
  <userSessionId>6936084DBA3C4941C80F2CB2E3EC00E3</userSessionId>
</listenLog>"""
CALLBACK = """<callback>
  <callbackQueueNumber>505</callbackQueueNumber>
  <customerNumber>+358401234567</customerNumber>
  <nextCallTime>2025-01-16T09:00:00.000Z</nextCallTime>
  <notes>Invoice question</notes>
  <extraData>order 42</extraData>
  <gwPrefix>9</gwPrefix>
</callback>"""
CONTACT_DATUM = """<contactDatum>
  <contactId>{contact}</contactId>
  <key>customerId</key>
  <value>CUST-123456</value>
</contactDatum>"""
CONSENT = """<customerConsent>
  <address>+8541255455</address>
  <usage>whatsapp</usage>
  <consent>true</consent>
</customerConsent>"""
MESSAGE = """<message>
  <destinations>
    <destination><address>+36584215</address></destination>
    <destination><address>854125477</address></destination>
  </destinations>
  <message>It's time do yearly maintenance for your Mercedes.</message>
  <source>12345678@sms.social365.com</source>
  <subType>sms</subType>
  <sendTime>2030-03-12T12:36:01.320Z</sendTime>
  <maxRetryCount>2</maxRetryCount>
  <retryDelay>300</retryDelay>
  <contentType>text</contentType>
</message>"""
CALLBACK_UPDATE = """<callback>
  <customerNumber>+358401234567</customerNumber>
  <notes>Busy, try again</notes>
  <lastResult>BUSY</lastResult>
</callback>"""
def chat_as_sent(cmi: Cmi, ids: dict[str, str]) -> None:
    chat = cmi.get(f"/chats/{ids['created']}").get_json()
    assert [p["alias"] for p in chat["participants"]] == ["Sam", "The Bot"]
    assert sorted(line["originator"] for line in chat["transcript"]["messages"]) == ["bot@acme.com",
                                                                                    "sam.i.am@greeneggs.ham"]
    assert chat["from_queue"]["id"] == ids["queue"] and chat["date_created"] == "2021-08-07T12:44:23.000Z"


def script_result_as_sent(cmi: Cmi, ids: dict[str, str]) -> None:
    result = cmi.get(f"/scriptResults/{ids['created']}").get_json()
    assert [[a["answerdata"] for a in q["scriptanswers"]] for q in result["scriptquestions"]] == [["Very", "Quite"], []]


def message_as_sent(cmi: Cmi, ids: dict[str, str]) -> None:
    message = cmi.get(f"/messages/{ids.get('created', ids['messageId'])}").get_json()
    assert [d["address"] for d in message["destinations"]["destination"]] == ["+36584215", "854125477"]


WRITES = {
    ("POST", "/callRecordings/{callRecordingId}/listenLog"): XmlWrite(
        LISTEN_LOG, ("/callRecordings/{callRecordingId}", "/callRecordings/{callRecordingId}/listenLog")),
    ("POST", "/callbacks"): XmlWrite(CALLBACK, ("/callbacks/{created}",)),
    ("PUT", "/callbacks/{callbackId}"): XmlWrite(CALLBACK_UPDATE, ("/callbacks/{callbackId}",)),
    ("POST", "/chats"): XmlWrite(CHAT, ("/chats/{created}", "/contacts/{created}/details"), chat_as_sent),
    ("POST", "/contactData"): XmlWrite(CONTACT_DATUM, ("/contactData/{contact}", "/contacts/{contact}/details")),
    ("POST", "/customerConsents"): XmlWrite(CONSENT, ("/customerConsents",)),
    ("POST", "/messages"): XmlWrite(MESSAGE, ("/messages/{created}",), message_as_sent),
    ("PUT", "/messages/{messageId}"): XmlWrite(MESSAGE, ("/messages/{messageId}",), message_as_sent),
    ("POST", "/scriptResults"): XmlWrite(SCRIPT_RESULT, ("/scriptResults/{created}", "/contacts/{contact}/details"),
                                         script_result_as_sent),
}


def world_ids(cmi: Cmi) -> dict[str, str]:
    state = cmi.state
    recording = next(iter(state.recordings.values()))
    return {
        "queue": cmi.queue("CHAT", "text").id,
        "contact": recording.contact_id,  # a phone call: its details carry recordings and script results
        "callRecordingId": recording.id,
        "callbackId": next(iter(state.callbacks)),
        "messageId": next(iter(state.messages)),
    }


def fill(template: str, ids: dict[str, str]) -> str:
    return PARAMETER.sub(lambda m: ids[m.group(1)], template)


def spec_path(url: str) -> str:
    """The answer operation a URL calls."""
    matching = [path for path in ANSWERS if re.fullmatch(PARAMETER.sub("[^/]+", path), url)]
    assert len(matching) == 1, (url, matching)
    return matching[0]


def test_bodies__every_xml_body_operation_is_exercised() -> None:
    assert sorted(WRITES) == sorted(BODIES)


@pytest.mark.parametrize("operation", BODIES, ids=" ".join)
def test_body__valid_xml_is_read_and_its_record_answers_valid_xml(cmi: Cmi, operation: tuple[str, str]) -> None:
    method, path = operation
    write, ids = WRITES[operation], world_ids(cmi)
    body = fill(write.body, ids)
    assert not problems(body_xsd(method, path), body)

    response = cmi.call(method, fill(path, ids), data=body.encode(), content_type=XML)
    assert response.status_code in (201, 204), response.get_data(as_text=True)
    if response.status_code == 201:
        ids["created"] = response.get_data(as_text=True)
    for read in write.reads:
        url = fill(read, ids)
        assert_valid_answers(cmi, spec_path(url), [url])
    if write.check is not None:
        write.check(cmi, ids)


# ---- the check itself: it fails where the XML and the spec part ---------------------------------


def rename(tag: str, new: str) -> Callable[[Element], None]:
    def mutate(root: Element) -> None:
        found = next(element for element in root.iter() if element.tag == tag)
        found.tag = new
    return mutate


def unwrap(tag: str) -> Callable[[Element], None]:
    """The list's items straight in its parent, without the wrapper element."""
    def mutate(root: Element) -> None:
        parent = next(element for element in root.iter() if element.find(tag) is not None)
        wrapper = parent.find(tag)
        assert wrapper is not None
        index = list(parent).index(wrapper)
        parent.remove(wrapper)
        for offset, item in enumerate(list(wrapper)):
            parent.insert(index + offset, item)
    return mutate


def add(parent_tag: str, tag: str) -> Callable[[Element], None]:
    def mutate(root: Element) -> None:
        parent = next(element for element in root.iter() if element.tag == parent_tag)
        SubElement(parent, tag).text = "x"
    return mutate


def text_in(tag: str) -> Callable[[Element], None]:
    def mutate(root: Element) -> None:
        found = root.find(tag)
        assert found is not None
        found.text = "text"
    return mutate


def move(tag: str, into: str) -> Callable[[Element], None]:
    """An element one level deeper than the spec puts it."""
    def mutate(root: Element) -> None:
        found = root.find(tag)
        target = root.find(into)
        assert found is not None and target is not None
        root.remove(found)
        target.append(found)
    return mutate


MUTATIONS = {
    "renamed item": rename("chatParticipant", "participant"),
    "renamed field": rename("channel_type", "channelType"),
    "renamed wrapper": rename("participants", "participant"),
    "renamed root": rename("chat", "chats"),
    "renamed nested field": rename("system_message", "systemMessage"),
    "list without its wrapper": unwrap("participants"),
    "undescribed element": add("chat", "color"),
    "undescribed nested element": add("chatParticipant", "avatar"),
    "deeper nesting": move("title", "from_queue"),
    "text where an object belongs": text_in("from_queue"),
}


@pytest.fixture
def chat_answer(cmi: Cmi) -> bytes:
    chat_id = next(chat.id for chat in cmi.state.chats.values() if chat.participants and chat.transcript)
    response = cmi.xml(f"/chats/{chat_id}")
    assert not problems(answer_xsd("/chats/{chatId}"), response.data)
    return bytes(response.data)


@pytest.mark.parametrize("mutation", MUTATIONS)
def test_check__an_answer_that_differs_from_the_spec_is_refused(chat_answer: bytes, mutation: str) -> None:
    root = fromstring(chat_answer)
    MUTATIONS[mutation](root)
    assert problems(answer_xsd("/chats/{chatId}"), tostring(root))


def test_check__repeated_destinations_must_not_be_wrapped_again(cmi: Cmi) -> None:
    response = cmi.xml(f"/messages/{next(iter(cmi.state.messages))}")
    assert not problems(answer_xsd("/messages/{messageId}"), response.data)
    root = fromstring(response.data)
    destinations = root.find("destinations")
    assert destinations is not None
    inner = SubElement(destinations, "destination")
    for item in [child for child in destinations if child is not inner]:
        destinations.remove(item)
        inner.append(item)
    assert problems(answer_xsd("/messages/{messageId}"), tostring(root))


def test_check__it_reads_the_names_from_the_spec(chat_answer: bytes) -> None:
    """The XSD follows the spec's `xml` objects: a spec naming the participants otherwise refuses the answer."""
    spec = copy.deepcopy(SPEC)
    spec["components"]["schemas"]["ChatParticipantXml"]["xml"]["name"] = "participant"
    assert problems(xsd(spec, answer_media(spec, "/chats/{chatId}")["schema"]), chat_answer)
    root = fromstring(chat_answer)
    for participant in list(root.iter("chatParticipant")):
        participant.tag = "participant"
    assert not problems(xsd(spec, answer_media(spec, "/chats/{chatId}")["schema"]), tostring(root))


def test_check__a_missing_required_element_is_refused(chat_answer: bytes) -> None:
    root = fromstring(chat_answer)
    status = root.find("status")
    assert status is not None
    root.remove(status)
    assert problems(answer_xsd("/chats/{chatId}"), tostring(root))


def test_check__a_body_with_a_renamed_or_unwrapped_destination_is_refused() -> None:
    assert not problems(body_xsd("POST", "/messages"), MESSAGE)
    renamed = MESSAGE.replace("<address>", "<addr>").replace("</address>", "</addr>")
    unwrapped = MESSAGE.replace("<destinations>", "").replace("</destinations>", "")
    for wrong in (renamed, unwrapped):
        assert problems(body_xsd("POST", "/messages"), wrong)
