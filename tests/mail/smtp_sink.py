"""An SMTP server on 127.0.0.1 that keeps every mail it receives, for the mail suite.

    /usr/bin/python3 tests/mail/smtp_sink.py PORT DIR

Recipients whose address starts with "refuse" are refused with 550. Each
mail becomes DIR/NNNN.eml (the bytes as received) with DIR/NNNN.rcpt (the
envelope sender and recipients, one a line). Prints "ready" once it listens;
runs until SIGTERM or SIGINT.
"""
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Keep:
    def __init__(self, directory):
        self.directory = directory
        self.lock = threading.Lock()
        self.count = len([n for n in os.listdir(directory) if n.endswith(".eml")])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # an address that starts with "refuse" does not exist here
        if address.lower().startswith("refuse"):
            return "550 5.1.1 <%s>: no such user" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            base = os.path.join(self.directory, "%04d" % self.count)
        with open(base + ".rcpt.tmp", "w") as f:
            f.write(envelope.mail_from + "\n")
            for r in envelope.rcpt_tos:
                f.write(r + "\n")
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(base + ".rcpt.tmp", base + ".rcpt")
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 OK kept"


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Keep(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
