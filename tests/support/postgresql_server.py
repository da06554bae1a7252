"""A throwaway PostgreSQL 15 server for the Python tests, started as postgresql_server.cpp next
to it starts one for the C++ tests: Debian's postgresql-15, initdb into a folder of its own, a Unix
socket in that folder and no TCP port at all (listen_addresses empty). As root it runs as the user
`postgres`: the server refuses to run as root.

The superuser `postgres` gets in without a password; every other role must give its password
(scram-sha-256), as on a server in production, so a test can check that a password reaches it.

    server = PostgresqlServer.start(folder)   # folder: new or empty; the server's files go there
    test.addCleanup(server.stop)              # also when the test fails
    server.sql("CREATE ROLE ...")
    server.url("mailroom", user="mailroom")   # postgresql:///mailroom?host=FOLDER&user=mailroom
"""

import os
import pathlib
import pwd
import shutil
import subprocess
import urllib.parse

BINARIES = pathlib.Path("/usr/lib/postgresql/15/bin")
SUPERUSER = "postgres"

# Who may connect how: the superuser to set a test up, anyone else with a password only.
CLIENT_AUTHENTICATION = f"""\
local all {SUPERUSER} trust
local all all scram-sha-256
"""


def as_server_user(command):
    """As root, the command runs as the user `postgres`; otherwise as ourselves."""
    if os.geteuid() != 0:
        return command
    return ["/usr/sbin/runuser", "-u", SUPERUSER, "--", *command]


def must(command, what, **arguments):
    result = subprocess.run(command, capture_output=True, text=True, **arguments)
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {result.returncode}): {result.stderr}"
                           f"{result.stdout}")
    return result.stdout


class PostgresqlServer:
    def __init__(self, folder):
        self.folder = pathlib.Path(folder)

    @classmethod
    def start(cls, folder):
        """initdb into `folder` and start the server; a RuntimeError says what went wrong, and
        that postgresql-15 is missing if it is."""
        if not (BINARIES / "initdb").exists():
            raise RuntimeError(f"no {BINARIES / 'initdb'}: PostgreSQL 15 is not installed "
                               "(tools/bootstrap test installs postgresql-15)")
        server = cls(folder)
        server.folder.mkdir(parents=True, exist_ok=True)
        server.folder.chmod(0o700)
        if os.geteuid() == 0:
            user = pwd.getpwnam(SUPERUSER)
            os.chown(server.folder, user.pw_uid, user.pw_gid)
        # --no-sync: a test server's files need not survive a power cut; its commits still go
        # through the server's WAL and fsync as in production.
        must(as_server_user([str(BINARIES / "initdb"), "-D", str(server.data), "-U", SUPERUSER,
                             "-E", "UTF8", "--locale=C", "--no-sync"]), "initdb")
        (server.data / "pg_hba.conf").write_text(CLIENT_AUTHENTICATION)
        try:
            server.pg_ctl("start", "-l", str(server.folder / "server.log"), "-o",
                          f"-c listen_addresses='' -c unix_socket_directories='{server.folder}'")
        except RuntimeError:
            server.stop()
            raise
        return server

    @property
    def data(self):
        return self.folder / "data"

    def pg_ctl(self, action, *options):
        try:
            must(as_server_user([str(BINARIES / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60",
                                 *options, action]), f"pg_ctl {action}")
        except RuntimeError as error:
            log = self.folder / "server.log"
            raise RuntimeError(f"{error}\n{log.read_text() if log.exists() else ''}") from None

    def stop(self):
        """Stops the server, if it runs, and removes its folder."""
        if (self.data / "postmaster.pid").exists():
            # Immediate: nothing here needs to outlive the test.
            self.pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database, user=SUPERUSER):
        """A connection URI of one of its databases, through the socket in its folder."""
        query = urllib.parse.urlencode({"host": str(self.folder), "user": user}, safe="/")
        return f"postgresql:///{database}?{query}"

    def pointed_here(self, url):
        """A connection URI with this server in place of its host and port, its user, database
        and other options kept: postgresql://mailroom@db/mailroom becomes
        postgresql://mailroom@/mailroom?host=FOLDER."""
        parts = urllib.parse.urlsplit(url)
        options = [(key, value) for key, value in urllib.parse.parse_qsl(parts.query)
                   if key not in ("host", "hostaddr", "port")] + [("host", str(self.folder))]
        user = f"{parts.username}@" if parts.username else ""
        return urllib.parse.urlunsplit((parts.scheme, user, parts.path,
                                        urllib.parse.urlencode(options, safe="/"), ""))

    def sql(self, statements, database="postgres"):
        """Runs SQL as the superuser (on standard input, so no password shows in `ps`); returns
        what it printed, unaligned and without headers."""
        return must([str(BINARIES / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                     "-h", str(self.folder), "-U", SUPERUSER, "-d", database],
                    "psql", input=statements)


def quoted(text):
    """A string literal of SQL."""
    return "'" + text.replace("'", "''") + "'"
