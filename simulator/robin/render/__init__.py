"""What ROBIN puts on the wire: empty answers, conversations as listed, channel webhooks' messages, admin answers."""
