#!/usr/bin/python3
"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1, one file pair per received message.

Run with /usr/bin/python3 (Debian's python3-aiosmtpd). The server binds a free port, prints it
on the first line of stdout and serves until its stdin closes or it receives SIGTERM, so it never
outlives the test that started it.

For every accepted message, in arrival order, it writes into the output folder:
  000001.eml   the DATA bytes exactly as received (dot-stuffing undone)
  000001.json  {"mail_from", "rcpt_tos", "connection", "tls", "login", "received_at" (seconds
               since the epoch, when the final dot came)}; written last, through a
               temporary file and a rename, so a reader that sees it also sees the .eml file.
and keeps connections.txt holding the number of TCP connections accepted so far, and
closed.txt the number of those that have ended.

Options that make it misbehave on purpose, to test how clients map failures:
  --reject-rcpt ADDRESS=CODE   reply CODE to RCPT TO for that address (repeatable)
  --data-reply CODE[ TEXT]     reply this to the end of DATA instead of 250; nothing is stored
  --drop-after-data            store the message, then close the connection without a reply
  --tls-cert FILE --tls-key FILE  offer STARTTLS with this certificate
  --implicit-tls               with the above: speak TLS from the first byte (smtps://) instead
  --auth USER:PASSWORD         require AUTH (PLAIN or LOGIN) with these credentials, even
                               without TLS
  --idle-timeout SECONDS       close a connection that stays silent this long (default 300)

Scripted faults (repeatable), each STAGE:ACTION[:SELECTOR]:
  STAGE     connect (before the greeting), mail, rcpt, data (the DATA command), mid-data (after
            a few lines of the message), dot (after the final dot: a code replaces the 250 and
            nothing is stored; drop and stall store the message first: the ambiguous case)
  ACTION    a reply code such as 421, 451 or 550; drop (close the connection); stall (say
            nothing for --stall-seconds, then close the connection)
  SELECTOR  n=N (only the Nth connection for `connect`, else the Nth transaction), every=N,
            to=ADDRESS (transactions with that recipient; at `rcpt`, that RCPT only);
            none: always
  --fault STAGE:ACTION[:SELECTOR]
  --random-faults SEED:PERCENT  a seeded mix: each transaction gets one fault from a fixed list
                                with this probability (decided by its number, so a rerun with
                                the same seed faults the same transactions), and each connection
                                after the first a connect fault with a quarter of it
  --stall-seconds SECONDS       how long a stall lasts (default 10)
  --reply-delay SECONDS         a slow server: wait this long before answering each final dot
  --throttle N                  a throttled mailbox: reply "451 4.7.0 Too many messages, slow
                                down" to the final dot of the first N transactions (nothing stored)
Every fault applied is appended to faults.txt ("transaction 12: rcpt:451").
"""

import argparse
import asyncio
import itertools
import json
import logging
import os
import random
import signal
import ssl
import sys
import time
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

DEFAULT_TEXTS = {
    "4": "4.3.0 Temporary failure requested by the test",
    "5": "5.7.1 Rejected as requested by the test",
}


def reply_line(specification):
    """'451' or '451 text' -> a full reply line."""
    specification = specification.strip()
    if " " in specification:
        return specification
    return "%s %s" % (specification, DEFAULT_TEXTS.get(specification[:1], "Reply requested by the test"))


def write_atomically(path, data):
    temporary = path + ".tmp"
    with open(temporary, "wb") as stream:
        stream.write(data)
    os.replace(temporary, path)


RANDOM_TRANSACTION_FAULTS = [
    "mail:451", "mail:421", "mail:drop", "rcpt:451", "rcpt:452", "rcpt:550", "rcpt:drop",
    "data:451", "data:drop", "mid-data:drop", "dot:451", "dot:554", "dot:drop",
]
RANDOM_CONNECT_FAULTS = ["connect:421", "connect:drop"]
STAGES = ("connect", "mail", "rcpt", "data", "mid-data", "dot")


class Fault:
    def __init__(self, specification):
        parts = specification.split(":", 2)
        if len(parts) < 2 or parts[0] not in STAGES:
            raise SystemExit("--fault expects STAGE:ACTION[:SELECTOR], got %r" % specification)
        self.stage, self.action = parts[0], parts[1]
        if self.action not in ("drop", "stall") and not (self.action.isdigit() and len(self.action) == 3):
            raise SystemExit("--fault: the action is a reply code, drop or stall: %r" % specification)
        self.selector = parts[2] if len(parts) == 3 else ""
        if self.selector and not self.selector.startswith(("n=", "every=", "to=")):
            raise SystemExit("--fault: the selector is n=N, every=N or to=ADDRESS: %r" % specification)

    def applies(self, number, recipients):
        if self.selector.startswith("n="):
            return number == int(self.selector[2:])
        if self.selector.startswith("every="):
            return number % int(self.selector[6:]) == 0
        if self.selector.startswith("to="):
            return self.selector[3:].lower() in [address.lower() for address in recipients]
        return True

    def __str__(self):
        return "%s:%s" % (self.stage, self.action)


class Recorder:
    """Stores accepted messages and counts connections."""

    def __init__(self, folder, options):
        self.folder = folder
        self.options = options
        self.rejected_recipients = {}
        for item in options.reject_rcpt:
            address, _, code = item.rpartition("=")
            if not address or not code:
                raise SystemExit("--reject-rcpt expects ADDRESS=CODE, got %r" % item)
            self.rejected_recipients[address.lower()] = reply_line(code)
        self.message_numbers = itertools.count(1)
        self.transaction_count = 0
        self.connection_count = 0
        self.closed_count = 0
        self.faults = [Fault(item) for item in options.fault]
        self.throttled = 0
        self.random_seed = None
        self.random_percent = 0.0
        if options.random_faults:
            seed, _, percent = options.random_faults.partition(":")
            self.random_seed = int(seed)
            self.random_percent = float(percent or "10")

    def note_fault(self, what, number, fault):
        with open(os.path.join(self.folder, "faults.txt"), "a") as stream:
            stream.write("%s %d: %s\n" % (what, number, fault))

    def connect_fault(self, number):
        for fault in self.faults:
            if fault.stage == "connect" and fault.applies(number, []):
                return fault.action
        if self.random_seed is not None and number > 1:
            chooser = random.Random(self.random_seed * 7919 + number)
            if chooser.random() * 100 < self.random_percent / 4:
                return chooser.choice(RANDOM_CONNECT_FAULTS).split(":", 1)[1]
        return None

    def plan_transaction(self, session):
        """Called at MAIL: numbers the transaction and draws its random fault, if any."""
        self.transaction_count += 1
        session.transaction = self.transaction_count
        session.random_fault = None
        if self.random_seed is not None:
            chooser = random.Random(self.random_seed * 104729 + self.transaction_count)
            if chooser.random() * 100 < self.random_percent:
                session.random_fault = chooser.choice(RANDOM_TRANSACTION_FAULTS)

    def fault_at(self, stage, session, recipients, address=None):
        """The action ('451', 'drop', 'stall') scripted for this stage of the transaction."""
        number = getattr(session, "transaction", 0)
        for fault in self.faults:
            if fault.stage != stage:
                continue
            if stage == "rcpt" and fault.selector.startswith("to="):
                if address is not None and address.lower() == fault.selector[3:].lower():
                    return self.applied(number, fault)
                continue
            if fault.applies(number, recipients):
                return self.applied(number, fault)
        planned = getattr(session, "random_fault", None)
        if planned is not None and planned.split(":")[0] == stage:
            # At `rcpt`, a random fault hits the first recipient only.
            if stage != "rcpt" or not recipients:
                session.random_fault = None
                return self.applied(number, planned)
        return None

    def applied(self, number, fault):
        self.note_fault("transaction", number, fault)
        return str(fault).split(":", 1)[1]

    async def act(self, server, action, stage):
        """Carries out a fault; returns the reply to send, or None after closing the connection."""
        if action == "drop":
            server.transport.close()
            return None
        if action == "stall":
            await asyncio.sleep(self.options.stall_seconds)
            if server.transport is not None:
                server.transport.close()
            return None
        return reply_line(action)

    def count_connection(self):
        self.connection_count += 1
        write_atomically(os.path.join(self.folder, "connections.txt"),
                         b"%d\n" % self.connection_count)
        return self.connection_count

    def count_closed_connection(self):
        self.closed_count += 1
        write_atomically(os.path.join(self.folder, "closed.txt"), b"%d\n" % self.closed_count)

    # aiosmtpd hooks: `server` is the SMTP protocol object of the connection.

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.plan_transaction(session)
        action = self.fault_at("mail", session, [])
        if action is not None:
            reply = await self.act(server, action, "mail")
            return reply if reply is not None else "421 4.3.0 closing"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        action = self.fault_at("rcpt", session, envelope.rcpt_tos, address)
        if action is not None:
            reply = await self.act(server, action, "rcpt")
            return reply if reply is not None else "421 4.3.0 closing"
        reply = self.rejected_recipients.get(address.lower())
        if reply is not None:
            return reply
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.options.data_reply:
            return reply_line(self.options.data_reply)
        if self.options.reply_delay:
            await asyncio.sleep(self.options.reply_delay)
        received_at = time.time()
        action = self.fault_at("dot", session, envelope.rcpt_tos)
        if action is not None and action not in ("drop", "stall"):
            return reply_line(action)
        if self.throttled < self.options.throttle:
            self.throttled += 1
            self.note_fault("transaction", getattr(session, "transaction", 0), "dot:throttle")
            return "451 4.7.0 Too many messages, slow down"
        number = next(self.message_numbers)
        base = os.path.join(self.folder, "%06d" % number)
        write_atomically(base + ".eml", bytes(envelope.original_content))
        sidecar = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "connection": server.connection_id,
            "tls": session.ssl is not None or self.options.implicit_tls,
            "login": session.auth_data.login.decode("utf-8") if session.authenticated else None,
            "received_at": received_at,
        }
        write_atomically(base + ".json", json.dumps(sidecar).encode("utf-8"))
        if action is not None:
            await self.act(server, action, "dot")
            return "250 2.0.0 never sent"
        if self.options.drop_after_data:
            server.transport.close()
            return "250 2.0.0 never sent"
        return "250 2.0.0 Ok: queued as %06d" % number


class CountedSmtp(SMTP):
    def __init__(self, recorder, *arguments, connection_id, **keywords):
        super().__init__(recorder, *arguments, **keywords)
        self.recorder = recorder
        self.connection_id = connection_id
        self.counted_as_closed = False

    async def _handle_client(self):
        action = self.recorder.connect_fault(self.connection_id)
        if action is not None:
            self.recorder.note_fault("connection", self.connection_id, "connect:" + action)
            if action == "drop":
                self.transport.close()
                return
            if action == "stall":
                await asyncio.sleep(self.recorder.options.stall_seconds)
            else:
                await self.push(reply_line(action))
                self.transport.close()
                return
        await super()._handle_client()

    async def smtp_DATA(self, arg):
        if not self.envelope.rcpt_tos or arg:
            return await super().smtp_DATA(arg)
        action = self.recorder.fault_at("data", self.session, self.envelope.rcpt_tos)
        if action is not None:
            reply = await self.recorder.act(self, action, "data")
            if reply is not None:
                await self.push(reply)
            return
        action = self.recorder.fault_at("mid-data", self.session, self.envelope.rcpt_tos)
        if action is not None:
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            for _ in range(3):
                await self._reader.readuntil(b"\r\n")
            await self.recorder.act(self, "drop" if action not in ("stall",) else action, "mid-data")
            return
        return await super().smtp_DATA(arg)

    def connection_lost(self, error):
        super().connection_lost(error)
        if not self.counted_as_closed:
            self.counted_as_closed = True
            self.recorder.count_closed_connection()


def make_authenticator(credentials):
    user, _, password = credentials.partition(":")

    def authenticate(server, session, envelope, mechanism, auth_data):
        accepted = (isinstance(auth_data, LoginPassword)
                    and auth_data.login.decode("utf-8") == user
                    and auth_data.password.decode("utf-8") == password)
        if accepted:
            return AuthResult(success=True, auth_data=auth_data)
        # handled=False makes aiosmtpd send its "535 5.7.8 Authentication credentials invalid".
        return AuthResult(success=False, handled=False)

    return authenticate


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", help="folder receiving the messages")
    parser.add_argument("--reject-rcpt", action="append", default=[], metavar="ADDRESS=CODE")
    parser.add_argument("--data-reply", metavar="CODE")
    parser.add_argument("--drop-after-data", action="store_true")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--auth", metavar="USER:PASSWORD")
    parser.add_argument("--idle-timeout", type=float, default=300.0, metavar="SECONDS")
    parser.add_argument("--fault", action="append", default=[], metavar="STAGE:ACTION[:SELECTOR]")
    parser.add_argument("--random-faults", metavar="SEED:PERCENT")
    parser.add_argument("--stall-seconds", type=float, default=10.0, metavar="SECONDS")
    parser.add_argument("--reply-delay", type=float, default=0.0, metavar="SECONDS")
    parser.add_argument("--throttle", type=int, default=0, metavar="N")
    return parser.parse_args()


async def serve(options):
    os.makedirs(options.output, exist_ok=True)
    recorder = Recorder(options.output, options)
    # A fixed host name: aiosmtpd would otherwise ask DNS for ours (slow without a resolver).
    keywords = {"hostname": "mailroom-test-server", "data_size_limit": 64 * 1024 * 1024,
                "timeout": options.idle_timeout}
    implicit_context = None
    if options.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(options.tls_cert, options.tls_key)
        if options.implicit_tls:
            implicit_context = context
        else:
            keywords["tls_context"] = context
    if options.auth:
        keywords.update(authenticator=make_authenticator(options.auth), auth_required=True,
                        auth_require_tls=False)

    loop = asyncio.get_running_loop()

    def make_protocol():
        return CountedSmtp(recorder, connection_id=recorder.count_connection(), loop=loop,
                           **keywords)

    server = await loop.create_server(make_protocol, host="127.0.0.1", port=0,
                                      ssl=implicit_context)
    port = server.sockets[0].getsockname()[1]
    sys.stdout.write("%d\n" % port)
    sys.stdout.flush()

    stopped = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stopped.set)
    loop.add_signal_handler(signal.SIGINT, stopped.set)

    def on_stdin():
        # The parent never writes; readable means it closed its end (or died).
        try:
            data = os.read(sys.stdin.fileno(), 4096)
        except OSError:
            data = b""
        if not data:
            stopped.set()

    loop.add_reader(sys.stdin.fileno(), on_stdin)
    await stopped.wait()
    server.close()


def main():
    options = parse_arguments()
    # Test output stays readable: aiosmtpd warns about AUTH without TLS, which --auth wants.
    warnings.simplefilter("ignore")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    if bool(options.tls_cert) != bool(options.tls_key):
        raise SystemExit("--tls-cert and --tls-key go together")
    if options.implicit_tls and not options.tls_cert:
        raise SystemExit("--implicit-tls needs --tls-cert and --tls-key")
    asyncio.run(serve(options))
    # Open client connections may still hold tasks; leave at once rather than wait for them.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
