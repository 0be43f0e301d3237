"""/scriptResults: list, filters, single fetch, POST (JSON and XML), rights and the link to contacts."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

import pytest
from flask import Flask

from simulator.sinch_cmi.models import (
    ALL_RIGHTS,
    MANAGE_CONTACT_HISTORY,
    MANAGE_OWN_CONTACT_HISTORY,
    OUTBOUND_CUSTOMER_VIEW,
    User,
)
from tests.conftest import basic
from tests.sinch_cmi.support import (
    CMI_PASSWORD,
    JSON,
    RESTRICTED_AUTH,
    UNKNOWN_GUID,
    XML,
    Cmi,
    assert_plain,
    next_message_id,
    ok_json,
)

GUID32 = re.compile(r"^[0-9A-F]{32}$")
ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
NOW = "2025-01-15T12:00:00.000Z"
SCRIPT_ID = "DCA8D3301BC74B9C8AFCB28026E7761B"
RESULT_KEYS = {"id", "script_id", "name", "contact_id", "originalcontact_id", "modificationtime", "scriptquestions"}
QUESTION_KEYS = {"id", "data", "controltype", "datatype", "ordinal", "scriptanswers"}
ANSWER_KEYS = {"id", "answerdata", "ordinal"}
MISSING = object()
FORBIDDEN = "HTTP 403 Forbidden"
HISTORY_RIGHTS = (MANAGE_CONTACT_HISTORY, MANAGE_OWN_CONTACT_HISTORY, OUTBOUND_CUSTOMER_VIEW)


# ---- helpers ---------------------------------------------------------------------------------


def results(cmi: Cmi, query: str = "", **kwargs: Any) -> list[dict[str, Any]]:
    return ok_json(cmi.get(f"/scriptResults{query}", **kwargs))


def result(cmi: Cmi, result_id: str, **kwargs: Any) -> dict[str, Any]:
    return ok_json(cmi.get(f"/scriptResults/{result_id}", **kwargs))


def contact(cmi: Cmi, contact_id: str) -> dict[str, Any]:
    return ok_json(cmi.get(f"/contacts/{contact_id}"))


def make_user(cmi: Cmi, login: str, rights: list[str] | tuple[str, ...], queues: list[str] | None = None) -> dict[
        str, str]:
    """A Contact Pro user created through the admin API; returns its Basic auth header."""
    response = cmi.client.post("/__admin/sinch-cmi/users", json={
        "login": login, "password": CMI_PASSWORD, "name": f"{login}, Test", "rights": list(rights),
        "queues": queues or [],
    })
    assert response.status_code == 201, response.get_data(as_text=True)
    return basic(login, CMI_PASSWORD)


def script_body(contact_id: str, /, **overrides: Any) -> dict[str, Any]:
    """The vendor's "Simple car selector" result without ids (they are optional when posting)."""
    body = {
        "script_id": SCRIPT_ID,
        "name": "Simple car selector",
        "contact_id": contact_id,
        "scriptquestions": [
            {"data": "Current Car", "controltype": "multicombobox", "datatype": "text", "ordinal": 0,
             "scriptanswers": [{"answerdata": "Kia", "ordinal": 0}, {"answerdata": "Volvo", "ordinal": 1}]},
            {"data": "Next Car", "controltype": "multicombobox", "datatype": "text", "ordinal": 2,
             "scriptanswers": [{"answerdata": "Hyundai", "ordinal": 2}]},
        ],
        **overrides,
    }
    return {k: v for k, v in body.items() if v is not MISSING}


def question(**overrides: Any) -> dict[str, Any]:
    base = {"data": "Q", "controltype": "textbox", "datatype": "text", "ordinal": 0,
            "scriptanswers": [{"answerdata": "A", "ordinal": 0}]}
    return {k: v for k, v in {**base, **overrides}.items() if v is not MISSING}


def created_id(response: Any) -> str:
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    new_id = response.get_data(as_text=True)
    assert GUID32.match(new_id), new_id
    assert response.headers["Location"].endswith(f"/sinch/cmi/scriptResults/{new_id}")
    return new_id


def post(cmi: Cmi, body: Any, **kwargs: Any) -> Any:
    return cmi.post("/scriptResults", json=body, **kwargs)


def unscripted_call(cmi: Cmi, call_type: str = "CallIn") -> str:
    return next(c.id for c in cmi.state.contacts.values()
                if c.channel == "PHONE" and c.type == call_type and not c.script)


def contact_type_of(cmi: Cmi, result_id: str) -> str:
    return cmi.state.contacts[cmi.state.script_results[result_id].contact_id].type


def assert_nothing_stored(cmi: Cmi, send: Callable[[], Any], status: int, text: str) -> None:
    before = {r["id"] for r in results(cmi)}
    scripted_before = {c.id for c in cmi.state.contacts.values() if c.script}
    assert_plain(send(), status, text)
    assert {r["id"] for r in results(cmi)} == before
    assert {c.id for c in cmi.state.contacts.values() if c.script} == scripted_before


def strip_ids(record: dict[str, Any]) -> dict[str, Any]:
    """A script result without its own, its questions' and its answers' ids."""
    return {
        **{k: v for k, v in record.items() if k != "id"},
        "scriptquestions": [
            {**{k: v for k, v in q.items() if k != "id"},
             "scriptanswers": [{k: v for k, v in a.items() if k != "id"} for a in q["scriptanswers"]]}
            for q in record["scriptquestions"]
        ],
    }


# ---- GET /scriptResults ----------------------------------------------------------------------


def test_list_script_results__returns_every_result_oldest_first(cmi: Cmi) -> None:
    listed = results(cmi)

    assert {r["id"] for r in listed} == set(cmi.state.script_results) and len(listed) == len(cmi.state.script_results)
    times = [r["modificationtime"] for r in listed]
    assert times == sorted(times)


def test_list_script_results__items_carry_the_documented_fields(cmi: Cmi) -> None:
    for item in results(cmi):
        assert set(item) == RESULT_KEYS
        assert all(GUID32.match(item[k]) for k in ("id", "script_id", "contact_id", "originalcontact_id"))
        assert ISO_MS.match(item["modificationtime"])
        assert item["scriptquestions"]
        for q in item["scriptquestions"]:
            assert set(q) == QUESTION_KEYS and GUID32.match(q["id"]) and isinstance(q["ordinal"], int)
            for a in q["scriptanswers"]:
                assert set(a) == ANSWER_KEYS and GUID32.match(a["id"]) and isinstance(a["ordinal"], int)


def test_list_script_results__contact_id_filter(cmi: Cmi) -> None:
    stored = next(iter(cmi.state.script_results.values()))
    expected = {r.id for r in cmi.state.script_results.values() if r.contact_id == stored.contact_id}

    assert {r["id"] for r in results(cmi, f"?contact_id={stored.contact_id}")} == expected
    assert {r["id"] for r in results(cmi, f"?contact_id={stored.contact_id.lower()}")} == expected


def test_list_script_results__originalcontact_id_filter(cmi: Cmi) -> None:
    stored = next(iter(cmi.state.script_results.values()))
    transferred = cmi.state.contacts[unscripted_call(cmi)]
    created = created_id(post(cmi, script_body(transferred.id, originalcontact_id=stored.originalcontact_id)))
    expected = {r.id for r in cmi.state.script_results.values() if r.originalcontact_id == stored.originalcontact_id}

    listed = results(cmi, f"?originalcontact_id={stored.originalcontact_id}")

    assert {r["id"] for r in listed} == expected and {stored.id, created} <= expected
    assert [r["id"] for r in results(cmi, f"?originalcontact_id={stored.originalcontact_id}"
                                          f"&contact_id={transferred.id}")] == [created]


def test_list_script_results__unknown_contact_filter_is_empty(cmi: Cmi) -> None:
    assert results(cmi, f"?contact_id={UNKNOWN_GUID}") == []
    assert results(cmi, f"?originalcontact_id={UNKNOWN_GUID}") == []


def test_list_script_results__limit_and_sort(cmi: Cmi) -> None:
    everything = results(cmi)

    assert results(cmi, "?limit=2") == everything[:2]
    newest_first = sorted(everything, key=lambda r: r["modificationtime"], reverse=True)
    assert results(cmi, "?sort=-modificationtime") == newest_first
    assert results(cmi, "?sort=-modificationtime&limit=1") == newest_first[:1]


@pytest.mark.parametrize(("query", "text"), [
    ("?contact_id=599BD2A32FF7364FB2D1B53A31615C7", "Invalid GUID: '599BD2A32FF7364FB2D1B53A31615C7'"),
    ("?originalcontact_id=EB5827A7-6788-4A4B-91BC-4BF66F224903",
     "Invalid GUID: 'EB5827A7-6788-4A4B-91BC-4BF66F224903'"),
    ("?contact_id=", "Invalid GUID: ''"),
    ("?limit=0", "Invalid limit: '0' (must be a positive integer)"),
    ("?sort=answers", "Invalid sort field: 'answers'"),
    ("?script_id=DCA8D3301BC74B9C8AFCB28026E7761B", "Unknown parameter: 'script_id'"),
])
def test_list_script_results__bad_query_is_400(cmi: Cmi, query: str, text: str) -> None:
    assert_plain(cmi.get(f"/scriptResults{query}"), 400, text)


def test_list_script_results__xml_nests_questions_and_answers(cmi: Cmi) -> None:
    listed = results(cmi)
    response = cmi.xml("/scriptResults")

    assert response.status_code == 200 and response.mimetype == XML
    root = ElementTree.fromstring(response.data)
    assert root.tag == "scriptResults" and [e.tag for e in root] == ["scriptResult"] * len(listed)
    for element, item in zip(root, listed, strict=True):
        assert element.findtext("id") == item["id"]
        assert element.findtext("modificationtime") == item["modificationtime"]
        questions = element.findall("scriptquestions/scriptResultQuestion")
        assert [q.findtext("data") for q in questions] == [q["data"] for q in item["scriptquestions"]]
        assert [[a.findtext("answerdata") for a in q.findall("scriptanswers/scriptResultAnswer")]
                for q in questions] == [[a["answerdata"] for a in q["scriptanswers"]] for q in item["scriptquestions"]]


# ---- GET /scriptResults/{id} -----------------------------------------------------------------


def test_get_script_result__equals_the_list_item(cmi: Cmi) -> None:
    for item in results(cmi):
        assert result(cmi, item["id"]) == item
        assert result(cmi, item["id"].lower()) == item


def test_get_script_result__xml(cmi: Cmi) -> None:
    item = results(cmi)[0]
    response = cmi.xml(f"/scriptResults/{item['id']}")

    assert response.status_code == 200 and response.mimetype == XML
    root = ElementTree.fromstring(response.data)
    assert root.tag == "scriptResult"
    assert {child.tag: child.text for child in root if child.tag != "scriptquestions"} == {
        k: v for k, v in item.items() if k != "scriptquestions"}
    first = root.find("scriptquestions/scriptResultQuestion")
    assert first is not None and first.findtext("ordinal") == str(item["scriptquestions"][0]["ordinal"])


def test_get_script_result__invalid_guid_is_400(cmi: Cmi) -> None:
    assert_plain(cmi.get("/scriptResults/2B8ED95B0EC911E79675005056A75D9"), 400,
                 "Invalid GUID: '2B8ED95B0EC911E79675005056A75D9'")


def test_get_script_result__unknown_id_is_404(cmi: Cmi) -> None:
    assert_plain(cmi.get(f"/scriptResults/{UNKNOWN_GUID}"), 404, "HTTP 404 Not Found")


def test_get_script_result__contact_id_is_not_a_result_id(cmi: Cmi) -> None:
    stored = next(iter(cmi.state.script_results.values()))

    assert_plain(cmi.get(f"/scriptResults/{stored.contact_id}"), 404, "HTTP 404 Not Found")


# ---- POST /scriptResults ---------------------------------------------------------------------


def test_post_script_result__is_created_with_generated_ids(cmi: Cmi) -> None:
    call = unscripted_call(cmi)

    new_id = created_id(post(cmi, script_body(call)))
    created = result(cmi, new_id)

    assert strip_ids(created) == {**script_body(call), "originalcontact_id": call, "modificationtime": NOW}
    question_ids = [q["id"] for q in created["scriptquestions"]]
    answer_ids = [a["id"] for q in created["scriptquestions"] for a in q["scriptanswers"]]
    assert all(GUID32.match(i) for i in [*question_ids, *answer_ids])
    assert len({new_id, *question_ids, *answer_ids}) == 1 + len(question_ids) + len(answer_ids)
    assert results(cmi)[-1] == created  # the newest modification comes last
    assert results(cmi, f"?contact_id={call}") == [created]


def test_post_script_result__contact_then_reports_script_true(cmi: Cmi) -> None:
    call = unscripted_call(cmi)
    assert contact(cmi, call).get("script") is not True

    created_id(post(cmi, script_body(call)))

    assert contact(cmi, call)["script"] is True


def test_post_script_result__keeps_given_ids_times_and_original_contact(cmi: Cmi) -> None:
    call, original = unscripted_call(cmi), unscripted_call(cmi, "CallOut")
    body = script_body(call, originalcontact_id=original.lower(), modificationtime="2025-01-14T08:30:00+02:00",
                       scriptquestions=[question(id="e6af572fe79b4550b5cbf621efb590b7",
                                                 scriptanswers=[{"id": "730fbf56981a4657b9285d3b52e7d239",
                                                                 "answerdata": "Kia", "ordinal": 0}])])

    created = result(cmi, created_id(post(cmi, body)))

    assert created["originalcontact_id"] == original
    assert created["modificationtime"] == "2025-01-14T06:30:00.000Z"
    assert created["scriptquestions"][0]["id"] == "E6AF572FE79B4550B5CBF621EFB590B7"
    assert created["scriptquestions"][0]["scriptanswers"][0]["id"] == "730FBF56981A4657B9285D3B52E7D239"


def test_post_script_result__question_without_answers(cmi: Cmi) -> None:
    body = script_body(unscripted_call(cmi), scriptquestions=[question(scriptanswers=MISSING)])

    created = result(cmi, created_id(post(cmi, body)))

    assert created["scriptquestions"][0]["scriptanswers"] == []


def test_post_script_result__unknown_contact_is_400(cmi: Cmi) -> None:
    body = script_body(UNKNOWN_GUID)

    assert_nothing_stored(cmi, lambda: post(cmi, body), 400, f"Unknown contact_id: '{UNKNOWN_GUID}'")


def test_post_script_result__unknown_original_contact_is_400(cmi: Cmi) -> None:
    body = script_body(unscripted_call(cmi), originalcontact_id=UNKNOWN_GUID)

    assert_nothing_stored(cmi, lambda: post(cmi, body), 400, f"Unknown originalcontact_id: '{UNKNOWN_GUID}'")


@pytest.mark.parametrize(("overrides", "text"), [
    ({"script_id": MISSING}, "script_id: Missing data for required field."),
    ({"name": MISSING}, "name: Missing data for required field."),
    ({"contact_id": MISSING}, "contact_id: Missing data for required field."),
    ({"scriptquestions": MISSING}, "scriptquestions: Missing data for required field."),
    ({"script_id": "DCA8D3301BC74B9C8AFCB28026E7761"}, "Invalid GUID: 'DCA8D3301BC74B9C8AFCB28026E7761'"),
    ({"contact_id": "not-a-contact"}, "Invalid GUID: 'not-a-contact'"),
    ({"originalcontact_id": "123"}, "Invalid GUID: '123'"),
    ({"name": ""}, "name: Shorter than minimum length 1."),
    ({"name": 7}, "name: Not a valid string."),
    ({"modificationtime": "1.3.2017"}, "modificationtime: Not a valid datetime: not an ISO-8601 date: '1.3.2017'."),
    ({"scriptquestions": "Current Car"}, "scriptquestions: Not a valid list."),
    ({"scriptquestions": [question(data=MISSING)]}, "scriptquestions[0].data: Missing data for required field."),
    ({"scriptquestions": [question(), question(controltype=MISSING)]},
     "scriptquestions[1].controltype: Missing data for required field."),
    ({"scriptquestions": [question(ordinal="first")]}, "scriptquestions[0].ordinal: Not a valid integer."),
    ({"scriptquestions": [question(id="E6AF572F")]}, "Invalid GUID: 'E6AF572F'"),
    ({"scriptquestions": [question(scriptanswers=[{"ordinal": 0}])]},
     "scriptquestions[0].scriptanswers[0].answerdata: Missing data for required field."),
    ({"scriptquestions": [question(scriptanswers=[{"answerdata": "Kia", "ordinal": "last"}])]},
     "scriptquestions[0].scriptanswers[0].ordinal: Not a valid integer."),
])
def test_post_script_result__invalid_body_is_400(cmi: Cmi, overrides: dict[str, Any], text: str) -> None:
    body = script_body(unscripted_call(cmi), **overrides)

    assert_nothing_stored(cmi, lambda: post(cmi, body), 400, text)


def test_post_script_result__malformed_json_is_400(cmi: Cmi) -> None:
    assert_nothing_stored(cmi, lambda: cmi.post("/scriptResults", data='{"name": ', content_type=JSON), 400,
                          "Invalid JSON body.")


def test_post_script_result__body_guid_with_a_trailing_newline_is_invalid(cmi: Cmi) -> None:
    contact = next(iter(cmi.state.contacts))
    body = {"script_id": "B" * 32 + "\n", "name": "Script", "contact_id": contact, "scriptquestions": []}
    response = cmi.post("/scriptResults", json=body)
    assert_plain(response, 400, f"Invalid GUID: '{'B' * 32}\n'")


def test_post_script_result__unsupported_content_type_is_415(cmi: Cmi) -> None:
    assert_nothing_stored(cmi, lambda: cmi.post("/scriptResults", data="name=x", content_type="text/plain"), 415,
                          "HTTP 415 Unsupported Media Type")


def xml_body(contact_id: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<scriptResult>
  <script_id>{SCRIPT_ID}</script_id>
  <name>Simple car selector</name>
  <contact_id>{contact_id}</contact_id>
  <scriptquestions>
    <scriptResultQuestion>
      <data>Current Car</data><controltype>multicombobox</controltype><datatype>text</datatype><ordinal>0</ordinal>
      <scriptanswers>
        <scriptResultAnswer><answerdata>Kia</answerdata><ordinal>0</ordinal></scriptResultAnswer>
        <scriptResultAnswer><answerdata>Volvo</answerdata><ordinal>1</ordinal></scriptResultAnswer>
      </scriptanswers>
    </scriptResultQuestion>
    <scriptResultQuestion>
      <data>Next Car</data><controltype>multicombobox</controltype><datatype>text</datatype><ordinal>2</ordinal>
      <scriptanswers>
        <scriptResultAnswer><answerdata>Hyundai</answerdata><ordinal>2</ordinal></scriptResultAnswer>
      </scriptanswers>
    </scriptResultQuestion>
  </scriptquestions>
</scriptResult>"""


def test_post_script_result__xml_body_equals_the_json_one(cmi: Cmi) -> None:
    call = unscripted_call(cmi)
    from_json = result(cmi, created_id(post(cmi, script_body(call))))
    from_xml = result(cmi, created_id(cmi.post("/scriptResults", data=xml_body(call), content_type=XML)))

    assert strip_ids(from_xml) == strip_ids(from_json)
    assert contact(cmi, call)["script"] is True


def test_post_script_result__xml_with_one_question_and_empty_answers(cmi: Cmi) -> None:
    call = unscripted_call(cmi)
    body = f"""<scriptResult>
  <script_id>{SCRIPT_ID}</script_id><name>Feedback</name><contact_id>{call}</contact_id>
  <scriptquestions>
    <scriptResultQuestion>
      <data>Anything else?</data><controltype>textbox</controltype><datatype>text</datatype><ordinal>0</ordinal>
      <scriptanswers>
      </scriptanswers>
    </scriptResultQuestion>
  </scriptquestions>
</scriptResult>"""

    created = result(cmi, created_id(cmi.post("/scriptResults", data=body, content_type=XML)))

    assert strip_ids(created)["scriptquestions"] == [
        {"data": "Anything else?", "controltype": "textbox", "datatype": "text", "ordinal": 0, "scriptanswers": []}]


def test_post_script_result__xml_with_a_doctype_is_refused(cmi: Cmi) -> None:
    body = xml_body(unscripted_call(cmi)).replace(
        "<scriptResult>", '<!DOCTYPE scriptResult [<!ENTITY x SYSTEM "file:///etc/passwd">]><scriptResult>', 1)

    assert_nothing_stored(cmi, lambda: cmi.post("/scriptResults", data=body, content_type=XML), 400,
                          "XML with a DTD, entity declarations or external references is refused")


def test_post_script_result__xml_missing_field_is_400(cmi: Cmi) -> None:
    body = xml_body(unscripted_call(cmi)).replace("<name>Simple car selector</name>", "")

    assert_nothing_stored(cmi, lambda: cmi.post("/scriptResults", data=body, content_type=XML), 400,
                          "name: Missing data for required field.")


# ---- rights ----------------------------------------------------------------------------------


def test_list_script_results__outbound_view_sees_only_outbound_calls(cmi: Cmi) -> None:
    auth = make_user(cmi, "outbound.viewer", [OUTBOUND_CUSTOMER_VIEW])
    outbound = {r for r in cmi.state.script_results if contact_type_of(cmi, r) == "CallOut"}
    inbound = sorted(set(cmi.state.script_results) - outbound)

    assert outbound and inbound
    assert {r["id"] for r in results(cmi, auth=auth)} == outbound
    assert result(cmi, sorted(outbound)[0], auth=auth)["id"] == sorted(outbound)[0]
    assert_plain(cmi.get(f"/scriptResults/{inbound[0]}", auth=auth), 403, FORBIDDEN)


def test_post_script_result__outbound_view_may_add_to_outbound_calls_only(cmi: Cmi) -> None:
    auth = make_user(cmi, "outbound.caller", [OUTBOUND_CUSTOMER_VIEW])
    call_in, call_out = unscripted_call(cmi), unscripted_call(cmi, "CallOut")

    assert_nothing_stored(cmi, lambda: post(cmi, script_body(call_in), auth=auth), 403, FORBIDDEN)
    created = created_id(post(cmi, script_body(call_out), auth=auth))

    assert created in {r["id"] for r in results(cmi, auth=auth)}
    assert contact(cmi, call_out)["script"] is True


def test_post_script_result__a_forbidden_request_draws_no_id(unlimited_app: Flask, cmi: Cmi) -> None:
    expected = next_message_id(cmi)
    runtime = unlimited_app.extensions["simulator"]
    runtime.registry.reseed_all(runtime.config.seed)  # the same world again: the next id is `expected`
    call_in = next(c for c in cmi.state.contacts.values() if c.type == "CallIn")
    cmi.state.users["outbound-only"] = User(id="F" * 32, login="outbound-only", password="secret", name="Only, Out",
                                            rights=["OUTBOUND_CUSTOMER_VIEW"])  # set directly: the admin API draws ids
    auth = basic("outbound-only", "secret")
    body = {"script_id": "DCA8D3301BC74B9C8AFCB28026E7761B", "name": "Script", "contact_id": call_in.id,
            "scriptquestions": [{"data": "Q", "controltype": "text", "datatype": "text", "ordinal": 0,
                                 "scriptanswers": [{"answerdata": "A", "ordinal": 0}]}]}
    assert_plain(cmi.post("/scriptResults", json=body, auth=auth), 403, "HTTP 403 Forbidden")
    assert next_message_id(cmi) == expected


@pytest.mark.parametrize("method", ["list", "get", "post"])
def test_script_results__without_any_history_right_is_403(cmi: Cmi, method: str) -> None:
    auth = make_user(cmi, "statistics.only", [r for r in ALL_RIGHTS if r not in HISTORY_RIGHTS],
                     list(cmi.state.queues))
    known = next(iter(cmi.state.script_results))
    send = {
        "list": lambda: cmi.get("/scriptResults", auth=auth),
        "get": lambda: cmi.get(f"/scriptResults/{known}", auth=auth),
        "post": lambda: post(cmi, script_body(unscripted_call(cmi)), auth=auth),
    }[method]

    assert_nothing_stored(cmi, send, 403, FORBIDDEN)


def test_list_script_results__restricted_user_sees_results_of_its_own_calls(cmi: Cmi) -> None:
    me = cmi.user("demo-restricted").id
    theirs = next(r for r in cmi.state.script_results.values() if cmi.state.contacts[r.contact_id].agent_id != me)
    cmi.state.contacts[theirs.contact_id].agent_id = me
    own = {r.id for r in cmi.state.script_results.values() if cmi.state.contacts[r.contact_id].agent_id == me}
    others = sorted(set(cmi.state.script_results) - own)

    assert {r["id"] for r in results(cmi, auth=RESTRICTED_AUTH)} == own and theirs.id in own
    assert result(cmi, theirs.id, auth=RESTRICTED_AUTH)["id"] == theirs.id
    assert_plain(cmi.get(f"/scriptResults/{others[0]}", auth=RESTRICTED_AUTH), 403, FORBIDDEN)


def test_list_script_results__queue_right_covers_the_users_queues(cmi: Cmi) -> None:
    queue_id = cmi.state.contacts[next(iter(cmi.state.script_results.values())).contact_id].queue_id
    assert queue_id is not None
    auth = make_user(cmi, "queue.supervisor", [MANAGE_CONTACT_HISTORY], [queue_id])
    expected = {r.id for r in cmi.state.script_results.values()
                if cmi.state.contacts[r.contact_id].queue_id == queue_id}

    assert expected and {r["id"] for r in results(cmi, auth=auth)} == expected


# ---- consistency with /contacts --------------------------------------------------------------


def test_every_script_result__points_at_a_scripted_contact(cmi: Cmi) -> None:
    listed = results(cmi)

    assert listed
    for item in listed:
        record = contact(cmi, item["contact_id"])
        original = contact(cmi, item["originalcontact_id"])
        assert record["id"] == item["contact_id"]
        assert record["script"] is True
        assert original["contactGroupId"] == record["contactGroupId"]  # the first contact of the same call
        assert original["arrivalTime"] <= record["arrivalTime"]
        assert item["modificationtime"] >= record["arrivalTime"]


def test_every_scripted_contact__has_a_script_result(cmi: Cmi) -> None:
    scripted = {c["id"] for c in ok_json(cmi.get("/contacts?limit=10000")) if c.get("script")}

    assert scripted == {r["contact_id"] for r in results(cmi)}
