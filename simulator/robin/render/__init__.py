"""What ROBIN puts on the wire: empty answers, conversations as listed, messages sent to channel webhooks."""
