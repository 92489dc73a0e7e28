"""Domain operations. Each function takes a session, flushes, and leaves the commit to its caller."""
