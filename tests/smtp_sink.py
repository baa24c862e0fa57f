"""A real SMTP server for the mail tests (aiosmtpd, from the tools cache).

    python smtp_sink.py PORT DIR

Accepts every message and writes it to DIR as <n>.json: the envelope
recipients, the raw message, the decoded subject and headers, and the decoded
plain-text and HTML parts (Python's e-mail parser, as a mail client reads
them). Written to a temporary name first, then renamed, so a reader never
sees half a mail.
Recipients whose local part starts with "bounce" are refused on RCPT with a
permanent 550, as a server refuses an address that does not exist. Prints
"ready" once it listens.
"""

import asyncio
import email
import email.policy
import itertools
import json
import os
import sys
import time

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@", 1)[0].lower().startswith("bounce"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        n = next(self.counter)
        name = f"{os.getpid()}-{n:06}.json"
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        plain = message.get_body(("plain",))
        html = message.get_body(("html",))
        record = {
            "received_at": time.time(),
            "rcpt_tos": envelope.rcpt_tos,
            "mail_from": envelope.mail_from,
            "subject": str(message["subject"]),
            "headers": {k: str(v) for k, v in message.items()},
            "text": plain.get_content() if plain is not None else None,
            "html": html.get_content() if html is not None else None,
            "raw": raw.decode("utf-8", "replace"),
        }
        tmp = os.path.join(self.folder, "." + name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.rename(tmp, os.path.join(self.folder, name))
        return "250 Message accepted for delivery"


async def main(port, folder):
    os.makedirs(folder, exist_ok=True)
    loop = asyncio.get_running_loop()
    handler = Sink(folder)
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="sink.test", decode_data=False),
        host="127.0.0.1",
        port=port,
        reuse_address=True,
    )
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
