"""The calls whose real answers are the Sinch CMI and ECF session specs' examples (the seeded world's records)."""

from __future__ import annotations

from base64 import b64encode

from simulator.config import Config
from simulator.core.examples import FORM, Call, Examples
from simulator.sinch_cmi.errors import CmiError, status_line

DEFAULTS = Config()
ACCEPT_XML = {"Accept": "application/xml"}
ACCEPT_CSV = {"Accept": "text/csv"}  # no CMI resource answers it: 406

# canonical records (simulator/canonical/sinch_cmi.json: the vendor page's examples)
EMAIL = "50753BBE49774211AC8286DBCBE17741"  # Mr. Boss orders the RI, case 68108, handled by Mark Smith
CHAT = "9964A286A4E711E680F7005056AD5BC6"  # Sam asks for the bike catalogue
CHAT_QUEUE = "999102030405060708090A0B0C0D0E0F"  # "My support chat"
CALLBACK = "C42C6D5CF4004CC3B75E104654D9C5BE"
RECORDING = "8534EC49FB5BE711810B005056AD5BC6"  # Mark Smith's recording of the transferred call
CALL = "475CD7FA939747CD9885379F5C4DEE08"  # that call (its contact group): Mark Smith may write its remarks
OUTBOUND_CALL = "599BD2A32FF7364FB2D1B53A31615C7F"  # Jack Jonhnson's outbound call, with a script result
TRANSFERRED_GROUP = "5D26E61180D5005056AD40A2AAC3ABD9"  # a call without remarks: not in the operative database
SCRIPT = "DCA8D3301BC74B9C8AFCB28026E7761B"  # "Simple car selector"
SCRIPT_RESULT = "2B7FB50EF97F416A82AAF48463BA2B5A"
MESSAGE = "7709311E00144664847200192C96BFA9"  # the yearly Mercedes maintenance SMS
SMS_SOURCE = "12345678@sms.social365.com"
CONSENT = "recording_+8541255455"
UNKNOWN = "6D1E0A56B3C44F1F9A2B7C8D9E0F1A2B"  # a well-formed GUID of nothing


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + b64encode(f"{user}:{password}".encode()).decode()}


RESTRICTED = basic("demo-restricted", DEFAULTS.sinch_cmi_password)  # an agent's own-contact rights only
MARK = basic("mark.smith", DEFAULTS.sinch_cmi_password)  # remarks are written by the agent who handled the call


def xml_body(path: str, text: str, *, method: str = "POST", params: dict[str, str] | None = None) -> Call:
    return Call(method, path, params=params or {}, text=text, content_type="application/xml")


def email_calls() -> list[Call]:
    one = {"emailId": EMAIL}
    return [
        Call("GET", "/emails", query={"case_id": "68108"}),
        Call("GET", "/emails", query={"case_id": "68108"}, headers=ACCEPT_XML),
        Call("GET", "/emails/{emailId}", params=one),
        Call("GET", "/emails/{emailId}", params=one, headers=ACCEPT_XML),
        Call("GET", "/emails", query={"limit": "0"}, expect=400),
        Call("GET", "/emails", headers=ACCEPT_CSV, expect=406),
        Call("GET", "/emails/{emailId}", params={"emailId": "50753BBE-4977"}, expect=400),
        Call("GET", "/emails/{emailId}", params=one, credentials=RESTRICTED, expect=403),
        Call("GET", "/emails/{emailId}", params={"emailId": UNKNOWN}, expect=404),
        Call("GET", "/emails/{emailId}", params=one, headers=ACCEPT_CSV, expect=406),
    ]


def script_result_calls() -> list[Call]:
    one = {"scriptResultId": SCRIPT_RESULT}
    answer = {"script_id": SCRIPT, "name": "Simple car selector", "contact_id": OUTBOUND_CALL,
              "scriptquestions": [{"data": "Current Car", "controltype": "multicombobox", "datatype": "text",
                                   "ordinal": 0, "scriptanswers": [{"answerdata": "Volvo", "ordinal": 0}]},
                                  {"data": "Next Car", "controltype": "multicombobox", "datatype": "text",
                                   "ordinal": 1, "scriptanswers": [{"answerdata": "Kia", "ordinal": 1}]}]}
    return [
        Call("GET", "/scriptResults", query={"contact_id": OUTBOUND_CALL}),
        Call("GET", "/scriptResults", query={"contact_id": OUTBOUND_CALL}, headers=ACCEPT_XML),
        Call("GET", "/scriptResults/{scriptResultId}", params=one),
        Call("GET", "/scriptResults/{scriptResultId}", params=one, headers=ACCEPT_XML),
        Call("POST", "/scriptResults", body=answer),
        xml_body("/scriptResults", f"""<scriptResult>
  <script_id>{SCRIPT}</script_id>
  <name>Simple car selector</name>
  <contact_id>{OUTBOUND_CALL}</contact_id>
  <scriptquestions>
    <scriptResultQuestion>
      <data>Next Car</data><controltype>multicombobox</controltype><datatype>text</datatype><ordinal>2</ordinal>
      <scriptanswers><scriptResultAnswer><answerdata>Volvo</answerdata><ordinal>1</ordinal></scriptResultAnswer>
      </scriptanswers>
    </scriptResultQuestion>
  </scriptquestions>
</scriptResult>"""),
        Call("GET", "/scriptResults", query={"contact_id": "599BD2A3"}, expect=400),
        Call("GET", "/scriptResults", headers=ACCEPT_CSV, expect=406),
        Call("POST", "/scriptResults", body={**answer, "contact_id": "599BD2A3"}, expect=400),
        Call("POST", "/scriptResults", body=answer, credentials=RESTRICTED, expect=403),
        Call("POST", "/scriptResults", text="script_id;name", content_type="text/csv", expect=415),
        Call("GET", "/scriptResults/{scriptResultId}", params={"scriptResultId": "2B7FB50E"}, expect=400),
        Call("GET", "/scriptResults/{scriptResultId}", params=one, credentials=RESTRICTED, expect=403),
        Call("GET", "/scriptResults/{scriptResultId}", params={"scriptResultId": UNKNOWN}, expect=404),
        Call("GET", "/scriptResults/{scriptResultId}", params=one, headers=ACCEPT_CSV, expect=406),
    ]


def chat_calls() -> list[Call]:
    one = {"chatId": CHAT}
    chat = {"channel_type": "chat", "channel_sub_type": "text", "originator": "sam.i.am@greeneggs.ham",
            "destination": "123456Support@Test.com", "title": "Discussion with Bot", "from_queue": {"id": CHAT_QUEUE},
            "participants": [{"alias": "Sam", "uniquekey": "sam.i.am@greeneggs.ham"}],
            "transcript": {"messages": [{"message": "I would like to talk to a human agent",
                                         "originator": "sam.i.am@greeneggs.ham"}]}}
    return [
        Call("GET", "/chats", query={"originator": "sam.i.am@greeneggs.ham"}),
        Call("GET", "/chats", query={"originator": "sam.i.am@greeneggs.ham"}, headers=ACCEPT_XML),
        Call("GET", "/chats/{chatId}", params=one),
        Call("GET", "/chats/{chatId}", params=one, headers=ACCEPT_XML),
        Call("POST", "/chats", body=chat),
        xml_body("/chats", f"""<chat>
  <channel_type>chatout</channel_type>
  <channel_sub_type>text</channel_sub_type>
  <originator>123456Support@Test.com</originator>
  <destination>sam.i.am@greeneggs.ham</destination>
  <title>Your catalogue</title>
  <from_queue><id>{CHAT_QUEUE}</id></from_queue>
  <participants><chatParticipant><alias>Sam</alias><uniquekey>sam.i.am@greeneggs.ham</uniquekey></chatParticipant>
  </participants>
  <transcript><messages><chatTranscript>
    <message>The latest bike catalogue is on its way to you.</message><originator>123456Support@Test.com</originator>
  </chatTranscript></messages></transcript>
</chat>"""),
        Call("GET", "/chats", query={"originatr": "sam.i.am@greeneggs.ham"}, expect=400),
        Call("GET", "/chats", headers=ACCEPT_CSV, expect=406),
        Call("POST", "/chats", body={**chat, "from_queue": {"id": "97C9F85A2F55484198FD908C6A97FA7D"}}, expect=400),
        Call("POST", "/chats", text="originator;destination", content_type="text/csv", expect=415),
        Call("GET", "/chats/{chatId}", params={"chatId": "9964A286-A4E7"}, expect=400),
        Call("GET", "/chats/{chatId}", params={"chatId": UNKNOWN}, expect=404),
        Call("GET", "/chats/{chatId}", params=one, headers=ACCEPT_CSV, expect=406),
    ]


def recording_calls() -> list[Call]:
    one = {"callRecordingId": RECORDING}
    return [
        Call("GET", "/callRecordings", query={"call_id": CALL}),
        Call("GET", "/callRecordings", query={"call_id": CALL}, headers=ACCEPT_XML),
        Call("GET", "/callRecordings/{callRecordingId}", params=one),
        Call("GET", "/callRecordings/{callRecordingId}", params=one, headers=ACCEPT_XML),
        Call("GET", "/callRecordings/{callRecordingId}/listenLog", params=one),
        Call("GET", "/callRecordings/{callRecordingId}/listenLog", params=one, headers=ACCEPT_XML),
        Call("POST", "/callRecordings/{callRecordingId}/listenLog", params=one,
             body={"description": "Quality review", "userSessionId": "6936084DBA3C4941C80F2CB2E3EC00E3"}),
        xml_body("/callRecordings/{callRecordingId}/listenLog", """<listenLog>
  <description>Complaint follow-up</description>
  <userSessionId>6936084DBA3C4941C80F2CB2E3EC00E3</userSessionId>
</listenLog>""", params=one),
        Call("GET", "/callRecordings", query={"start_time": "yesterday"}, expect=400),
        Call("GET", "/callRecordings", credentials=RESTRICTED, expect=403),
        Call("GET", "/callRecordings", headers=ACCEPT_CSV, expect=406),
        Call("GET", "/callRecordings/{callRecordingId}", params={"callRecordingId": "8534EC49"}, expect=400),
        Call("GET", "/callRecordings/{callRecordingId}", params=one, credentials=RESTRICTED, expect=403),
        Call("GET", "/callRecordings/{callRecordingId}", params={"callRecordingId": UNKNOWN}, expect=404),
        Call("GET", "/callRecordings/{callRecordingId}", params=one, headers=ACCEPT_CSV, expect=406),
        Call("GET", "/callRecordings/{callRecordingId}/listenLog", params={"callRecordingId": "8534EC49"},
             expect=400),
        Call("GET", "/callRecordings/{callRecordingId}/listenLog", params=one, credentials=RESTRICTED, expect=403),
        Call("GET", "/callRecordings/{callRecordingId}/listenLog", params={"callRecordingId": UNKNOWN}, expect=404),
        Call("GET", "/callRecordings/{callRecordingId}/listenLog", params=one, headers=ACCEPT_CSV, expect=406),
        Call("POST", "/callRecordings/{callRecordingId}/listenLog", params=one,
             body={"description": "Quality review"}, expect=400),
        Call("POST", "/callRecordings/{callRecordingId}/listenLog", params=one, credentials=RESTRICTED,
             body={"description": "Quality review", "userSessionId": "6936084DBA3C4941C80F2CB2E3EC00E3"}, expect=403),
        Call("POST", "/callRecordings/{callRecordingId}/listenLog", params={"callRecordingId": UNKNOWN},
             body={"description": "Quality review", "userSessionId": "6936084DBA3C4941C80F2CB2E3EC00E3"}, expect=404),
        Call("POST", "/callRecordings/{callRecordingId}/listenLog", params=one, text="description=Quality review",
             content_type="application/x-www-form-urlencoded", expect=415),
    ]


def callback_calls() -> list[Call]:
    one = {"callbackId": CALLBACK}
    update = {"customerNumber": "+35854852156", "notes": "Asked to be called after lunch",
              "lastResult": "RESCHEDULE", "nextCallTime": "2025-01-02T12:30:00Z"}
    return [
        Call("GET", "/callbacks", query={"customerNumber": "+35854*"}),
        Call("GET", "/callbacks", query={"customerNumber": "+35854*"}, headers=ACCEPT_XML),
        Call("GET", "/callbacks/{callbackId}", params=one),
        Call("GET", "/callbacks/{callbackId}", params=one, headers=ACCEPT_XML),
        Call("POST", "/callbacks", body={"customerNumber": "+358401234567", "callbackQueueNumber": "505",
                                         "nextCallTime": "2025-01-02T09:00:00Z", "notes": "Invoice question"}),
        xml_body("/callbacks", """<callback>
  <customerNumber>+358405556677</customerNumber>
  <callbackQueueNumber>152</callbackQueueNumber>
  <notes>Wants an offer for ten licences</notes>
</callback>"""),
        Call("PUT", "/callbacks/{callbackId}", params=one, body=update),
        xml_body("/callbacks/{callbackId}", """<callback>
  <customerNumber>+35854852156</customerNumber>
  <notes>Line busy</notes>
  <lastResult>BUSY</lastResult>
</callback>""", method="PUT", params=one),
        Call("GET", "/callbacks", query={"sort": "priority"}, expect=400),
        Call("GET", "/callbacks", headers=ACCEPT_CSV, expect=406),
        Call("POST", "/callbacks", body={"customerNumber": "+358401234567", "callbackQueueNumber": "999"},
             expect=400),
        Call("POST", "/callbacks", body={"customerNumber": "+358401234567", "callbackQueueNumber": "505"},
             credentials=RESTRICTED, expect=403),
        Call("POST", "/callbacks", text="customerNumber=%2B358401234567", content_type="text/csv", expect=415),
        Call("GET", "/callbacks/{callbackId}", params={"callbackId": "C42C6D5C"}, expect=400),
        Call("GET", "/callbacks/{callbackId}", params={"callbackId": UNKNOWN}, expect=404),
        Call("GET", "/callbacks/{callbackId}", params=one, headers=ACCEPT_CSV, expect=406),
        Call("PUT", "/callbacks/{callbackId}", params=one, body={**update, "lastResult": "BUSY"}, expect=400),
        Call("PUT", "/callbacks/{callbackId}", params=one, body=update, credentials=RESTRICTED, expect=403),
        Call("PUT", "/callbacks/{callbackId}", params={"callbackId": UNKNOWN}, body=update, expect=404),
        Call("PUT", "/callbacks/{callbackId}", params=one, text="lastResult=BUSY", content_type="text/csv",
             expect=415),
    ]


def contact_calls() -> list[Call]:
    one = {"contactId": EMAIL}
    remarks = {"contactId": CALL}
    details = {"contactId": OUTBOUND_CALL}
    return [
        Call("GET", "/contacts", query={"search": "+358405554433", "statistics": "true"}),
        Call("GET", "/contacts", query={"search": "+358405554433", "statistics": "true"}, headers=ACCEPT_XML),
        Call("GET", "/contacts/{contactId}", params=one, query={"statistics": "true"}),
        Call("GET", "/contacts/{contactId}", params=one, query={"statistics": "true"}, headers=ACCEPT_XML),
        Call("GET", "/contacts/{contactId}/details", params=details),
        Call("GET", "/contacts/{contactId}/details", params=details, headers=ACCEPT_XML),
        Call("POST", "/contacts/{contactId}/remarks", params=remarks, credentials=MARK,
             text="Customer asked for a call back next week.", content_type="text/plain"),
        Call("PUT", "/contacts/{contactId}/remarks", params=remarks, credentials=MARK,
             text="Customer asked for a call back next week. Called back on Monday: order confirmed.",
             content_type="text/plain"),
        Call("GET", "/contacts/{contactId}/remarks", params=remarks),
        Call("GET", "/contacts", query={"startTime": "last week"}, expect=400),
        Call("GET", "/contacts", headers=ACCEPT_CSV, expect=406),
        Call("GET", "/contacts/{contactId}", params={"contactId": "50753BBE-4977"}, expect=400),
        Call("GET", "/contacts/{contactId}", params=one, credentials=RESTRICTED, expect=403),
        Call("GET", "/contacts/{contactId}", params={"contactId": UNKNOWN}, expect=404),
        Call("GET", "/contacts/{contactId}", params=one, headers=ACCEPT_CSV, expect=406),
        Call("GET", "/contacts/{contactId}/details", params={"contactId": "599BD2A3"}, expect=400),
        Call("GET", "/contacts/{contactId}/details", params=details, credentials=RESTRICTED, expect=403),
        Call("GET", "/contacts/{contactId}/details", params={"contactId": UNKNOWN}, expect=404),
        Call("GET", "/contacts/{contactId}/details", params=details, headers=ACCEPT_CSV, expect=406),
        Call("GET", "/contacts/{contactId}/remarks", params={"contactId": "475CD7FA"}, expect=400),
        Call("GET", "/contacts/{contactId}/remarks", params=remarks, credentials=RESTRICTED, expect=403),
        Call("GET", "/contacts/{contactId}/remarks", params={"contactId": TRANSFERRED_GROUP}, expect=404),
        Call("GET", "/contacts/{contactId}/remarks", params=remarks, headers={"Accept": "image/png"}, expect=406),
        Call("POST", "/contacts/{contactId}/remarks", params=remarks, credentials=MARK, text="Second thoughts",
             content_type="text/plain", expect=400),
        Call("POST", "/contacts/{contactId}/remarks", params=remarks, text="Called back", content_type="text/plain",
             credentials=RESTRICTED, expect=403),
        Call("POST", "/contacts/{contactId}/remarks", params={"contactId": UNKNOWN}, text="Called back",
             content_type="text/plain", expect=404),
        Call("POST", "/contacts/{contactId}/remarks", params=remarks, body={"remarks": "Called back"}, expect=415),
        Call("PUT", "/contacts/{contactId}/remarks", params={"contactId": "475CD7FA"}, text="Called back",
             content_type="text/plain", expect=400),
        Call("PUT", "/contacts/{contactId}/remarks", params=remarks, text="Called back", content_type="text/plain",
             credentials=RESTRICTED, expect=403),
        Call("PUT", "/contacts/{contactId}/remarks", params={"contactId": UNKNOWN}, text="Called back",
             content_type="text/plain", expect=404),
        Call("PUT", "/contacts/{contactId}/remarks", params=remarks, body={"remarks": "Called back"}, expect=415),
    ]


def contact_data_calls() -> list[Call]:
    one = {"contactId": OUTBOUND_CALL}
    datum = {"contactId": OUTBOUND_CALL, "key": "crmCaseId", "value": "CASE-2025-0117"}
    return [
        Call("GET", "/contactData", query={"contactId": OUTBOUND_CALL}),
        Call("GET", "/contactData", query={"contactId": OUTBOUND_CALL}, headers=ACCEPT_XML),
        Call("GET", "/contactData/{contactId}", params=one),
        Call("GET", "/contactData/{contactId}", params=one, headers=ACCEPT_XML),
        Call("POST", "/contactData", body=datum),
        xml_body("/contactData", f"""<contactDatum>
  <contactId>{OUTBOUND_CALL}</contactId>
  <key>ivrChoice</key>
  <value>2</value>
</contactDatum>"""),
        Call("GET", "/contactData", query={"contactId": "599BD2A3"}, expect=400),
        Call("GET", "/contactData", headers=ACCEPT_CSV, expect=406),
        Call("POST", "/contactData", body={"contactId": OUTBOUND_CALL, "value": "CASE-2025-0117"}, expect=400),
        Call("POST", "/contactData", body=datum, credentials=RESTRICTED, expect=403),
        Call("POST", "/contactData", text="crmCaseId;CASE-2025-0117", content_type="text/csv", expect=415),
        Call("GET", "/contactData/{contactId}", params={"contactId": "599BD2A3"}, expect=400),
        Call("GET", "/contactData/{contactId}", params=one, credentials=RESTRICTED, expect=403),
        Call("GET", "/contactData/{contactId}", params={"contactId": UNKNOWN}, expect=404),
        Call("GET", "/contactData/{contactId}", params=one, headers=ACCEPT_CSV, expect=406),
    ]


def message_calls() -> list[Call]:
    one = {"messageId": MESSAGE}
    sms = {"destinations": [{"address": "+358401234567"}, {"address": "+358405556677"}],
           "message": "It's time do yearly maintenance for your Mercedes.", "source": SMS_SOURCE, "subType": "sms",
           "sendTime": "2025-03-12T12:36:01.320Z", "maxRetryCount": 2, "retryDelay": 300}
    sms_xml = f"""<message>
  <message>Your car is ready to be picked up.</message>
  <source>{SMS_SOURCE}</source>
  <subType>sms</subType>
  <sendTime>2025-01-02T08:00:00Z</sendTime>
  <destinations><destination><address>+358409998877</address></destination></destinations>
</message>"""
    return [
        Call("GET", "/messages", query={"sendTimeEnd": "2020-12-31T23:59:59Z"}),
        Call("GET", "/messages", query={"sendTimeEnd": "2020-12-31T23:59:59Z"}, headers=ACCEPT_XML),
        Call("GET", "/messages/{messageId}", params=one),
        Call("GET", "/messages/{messageId}", params=one, headers=ACCEPT_XML),
        Call("POST", "/messages", body=sms),
        xml_body("/messages", sms_xml),
        Call("PUT", "/messages/{messageId}", params=one, body=sms),
        xml_body("/messages/{messageId}", sms_xml, method="PUT", params=one),
        Call("GET", "/messages", query={"sendTime": "2020-06-31"}, expect=400),
        Call("GET", "/messages", credentials=RESTRICTED, expect=403),
        Call("GET", "/messages", headers=ACCEPT_CSV, expect=406),
        Call("POST", "/messages", body={**sms, "source": "sales@bcmtr.bcm.corp"}, expect=400),
        Call("POST", "/messages", body=sms, credentials=RESTRICTED, expect=403),
        Call("POST", "/messages", text="message;source", content_type="text/csv", expect=415),
        Call("GET", "/messages/{messageId}", params={"messageId": "7709311E"}, expect=400),
        Call("GET", "/messages/{messageId}", params=one, credentials=RESTRICTED, expect=403),
        Call("GET", "/messages/{messageId}", params={"messageId": UNKNOWN}, expect=404),
        Call("GET", "/messages/{messageId}", params=one, headers=ACCEPT_CSV, expect=406),
        Call("PUT", "/messages/{messageId}", params=one, body={**sms, "retryDelay": 10}, expect=400),
        Call("PUT", "/messages/{messageId}", params=one, body=sms, credentials=RESTRICTED, expect=403),
        Call("PUT", "/messages/{messageId}", params={"messageId": UNKNOWN}, body=sms, expect=404),
        Call("PUT", "/messages/{messageId}", params=one, text="message;source", content_type="text/csv",
             expect=415),
        Call("DELETE", "/messages/{messageId}", params={"messageId": "7709311E"}, expect=400),
        Call("DELETE", "/messages/{messageId}", params=one, credentials=RESTRICTED, expect=403),
        Call("DELETE", "/messages/{messageId}", params={"messageId": UNKNOWN}, expect=404),
        Call("DELETE", "/messages/{messageId}", params=one),
    ]


def consent_calls() -> list[Call]:
    one = {"usageAndAddress": CONSENT}
    created = {"usageAndAddress": "whatsapp_+358401234567"}
    return [
        Call("GET", "/customerConsents", query={"usage": "recording", "address": "+85*"}),
        Call("GET", "/customerConsents", query={"usage": "recording", "address": "+85*"}, headers=ACCEPT_XML),
        Call("GET", "/customerConsents/{usageAndAddress}", params=one),
        Call("GET", "/customerConsents/{usageAndAddress}", params=one, headers=ACCEPT_XML),
        Call("POST", "/customerConsents", body={"address": "+358401234567", "usage": "whatsapp", "consent": True}),
        xml_body("/customerConsents", """<customerConsent>
  <address>+358405556677</address>
  <usage>recording</usage>
  <consent>false</consent>
</customerConsent>"""),
        Call("GET", "/customerConsents", query={"limit": "0"}, expect=400),
        Call("GET", "/customerConsents", headers=ACCEPT_CSV, expect=406),
        Call("POST", "/customerConsents", body={"address": "+358401234567", "usage": "sms", "consent": True},
             expect=400),
        Call("POST", "/customerConsents", body={"address": "+358401234567", "usage": "whatsapp", "consent": True},
             credentials=RESTRICTED, expect=403),
        Call("POST", "/customerConsents", text="+358401234567;whatsapp;true", content_type="text/csv", expect=415),
        Call("GET", "/customerConsents/{usageAndAddress}", params={"usageAndAddress": "sms_+358401234567"},
             expect=400),
        Call("GET", "/customerConsents/{usageAndAddress}", params={"usageAndAddress": "whatsapp_+358400000000"},
             expect=404),
        Call("GET", "/customerConsents/{usageAndAddress}", params=one, headers=ACCEPT_CSV, expect=406),
        Call("DELETE", "/customerConsents/{usageAndAddress}", params={"usageAndAddress": "+358401234567"},
             expect=400),
        Call("DELETE", "/customerConsents/{usageAndAddress}", params=created, credentials=RESTRICTED, expect=403),
        Call("DELETE", "/customerConsents/{usageAndAddress}", params={"usageAndAddress": "whatsapp_+358400000000"},
             expect=404),
        Call("DELETE", "/customerConsents/{usageAndAddress}", params=created),
    ]


def cmi_calls() -> list[Call]:
    """Contacts first: their details show the outbound call's script results and data before more are added."""
    return [*contact_calls(), *email_calls(), *chat_calls(), *recording_calls(), *callback_calls(),
            *message_calls(), *consent_calls(), *script_result_calls(), *contact_data_calls()]


def cmi_error(status: int, description: str, media_type: str) -> CmiError:
    """Jersey's stock phrase, for what no call can show (a 403 where every seeded user holds the right)."""
    return CmiError(status_line(status), status=status)


CMI_EXAMPLES = Examples(cmi_calls, headers=basic(DEFAULTS.sinch_cmi_user, DEFAULTS.sinch_cmi_password),
                        describe=cmi_error)


def ecfs_calls() -> list[Call]:
    """Logins and logouts in one client, whose cookie jar carries the session as a browser's would (a logout is
    not recorded: its refusal without credentials would be sent with the cookie all the same)."""
    login = Call("POST", "/", body={"Authorization": basic(DEFAULTS.sinch_cmi_user, DEFAULTS.sinch_cmi_password)[
        "Authorization"]}, content_type=FORM)
    return [
        login,
        Call("DELETE", "/", record=False),
        Call("DELETE", "/", expect=401),
        Call("POST", "/", body={"Authorization": "Basic ZGVtby1hZ2VudDp3cm9uZw=="}, content_type=FORM, expect=401),
        Call("POST", "/", body=login.body, content_type=FORM, record=False),
        Call("POST", "/logout", record=False),
        Call("POST", "/logout", expect=401),
    ]


ECFS_EXAMPLES = Examples(ecfs_calls, headers={"Authorization": "ECFAuth"}, describe=cmi_error)
