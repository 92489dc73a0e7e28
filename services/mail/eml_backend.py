"""A Flask-Mailman backend that writes each message as one `.eml` file (used when MAIL_SERVER is empty).

Flask-Mailman's own "file" backend appends every message of a connection to one `.log` file; one file per
message, named after its Message-ID, opens in any mail program and makes a repeated send overwrite, not double.
"""

import os
import re
from pathlib import Path

from flask_mailman.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def __init__(self, *args, file_path: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or self.mailman.file_path)

    def send_messages(self, email_messages) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        for email_message in email_messages:
            message = email_message.message()
            name = re.sub(r"[^A-Za-z0-9._@-]", "", message["Message-ID"] or "") or "message"
            target = self.folder / f"{name}.eml"
            temporary = target.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(message.as_bytes(linesep="\r\n"))
            # Whole or not at all: a mail program watching the folder never sees half a message.
            temporary.replace(target)
        return len(email_messages)
