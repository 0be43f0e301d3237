"""CM.com ROBIN / Agent Inbox: the ROBIN API, presence, and the example dynamic-integration webshop."""
