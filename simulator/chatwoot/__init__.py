"""Chatwoot v3.1 (the "nimchat" documentation): application, platform and public APIs."""
