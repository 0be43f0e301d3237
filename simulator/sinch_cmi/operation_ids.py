"""operationIds of the Sinch CMI API and of the ECF web session's login, by method and path."""

from __future__ import annotations

from simulator.core.operation_ids import OperationNames

OPERATION_NAMES: OperationNames = {
    ("GET", "/callRecordings"): "listCallRecordings",
    ("GET", "/callRecordings/{callRecordingId}"): "getCallRecording",
    ("GET", "/callRecordings/{callRecordingId}/listenLog"): "listCallRecordingListenLogs",
    ("POST", "/callRecordings/{callRecordingId}/listenLog"): "createCallRecordingListenLog",
    ("GET", "/callbacks"): "listCallbacks",
    ("POST", "/callbacks"): "createCallback",
    ("GET", "/callbacks/{callbackId}"): "getCallback",
    ("PUT", "/callbacks/{callbackId}"): "updateCallback",
    ("GET", "/chats"): "listChats",
    ("POST", "/chats"): "createChat",
    ("GET", "/chats/{chatId}"): "getChat",
    ("GET", "/contactData"): "listContactData",
    ("POST", "/contactData"): "createContactData",
    ("GET", "/contactData/{contactId}"): "getContactData",
    ("GET", "/contacts"): "listContacts",
    ("GET", "/contacts/{contactId}"): "getContact",
    ("GET", "/contacts/{contactId}/details"): "getContactDetails",
    ("GET", "/contacts/{contactId}/remarks"): "getContactRemarks",
    ("POST", "/contacts/{contactId}/remarks"): "createContactRemarks",
    ("PUT", "/contacts/{contactId}/remarks"): "updateContactRemarks",
    ("GET", "/customerConsents"): "listCustomerConsents",
    ("POST", "/customerConsents"): "upsertCustomerConsent",
    ("GET", "/customerConsents/{usageAndAddress}"): "getCustomerConsent",
    ("DELETE", "/customerConsents/{usageAndAddress}"): "deleteCustomerConsent",
    ("GET", "/emails"): "listEmails",
    ("GET", "/emails/{emailId}"): "getEmail",
    ("GET", "/messages"): "listMessages",
    ("POST", "/messages"): "createMessage",
    ("GET", "/messages/{messageId}"): "getMessage",
    ("PUT", "/messages/{messageId}"): "updateMessage",
    ("DELETE", "/messages/{messageId}"): "deleteMessage",
    ("GET", "/scriptResults"): "listScriptResults",
    ("POST", "/scriptResults"): "createScriptResult",
    ("GET", "/scriptResults/{scriptResultId}"): "getScriptResult",
}

ECFS_OPERATION_NAMES: OperationNames = {
    ("POST", "/"): "createSession",
    ("DELETE", "/"): "deleteSession",
    ("POST", "/logout"): "endSession",
}
