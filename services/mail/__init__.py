"""E-mail from an outbox in the database (SPEC §8).

Every message is queued first (`outbox.queue_message`, in the caller's transaction) and sent later by the worker
(`worker.send_due`, run by `flask --app app mail-worker`). `settings` reads the configuration, `delivery` turns an
outbox row into a message on the wire (or an `.eml` file), `claims` makes sure one worker sends each row once.
"""
