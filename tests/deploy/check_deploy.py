#!/usr/bin/python3
"""The service files and the container manifests of deploy/ (issue 23, "Operations").

Run with /usr/bin/python3 (Debian's systemd for systemd-analyze, python3-yaml, postgresql-15):
  /usr/bin/python3 tests/deploy/check_deploy.py --mailroom BUILD/engine/cli/mailroom --source . [-v]
ctest runs it as `deploy_files` (tests/CMakeLists.txt). It takes seconds (some 15 with an ASan
build, whose leak check wants the suppressions tools/test_suite sets: .ci/lsan.supp).

What can be checked on one machine without a cluster, a registry or systemd as PID 1:
- deploy/systemd/: `systemd-analyze verify` over the units (offline; with ExecStart pointed at the
  built binary, since verify wants it to exist), `systemd-analyze security --offline` for how much
  the service is exposed, the settings the exit codes and the hardening rely on, the sysusers
  file through systemd-sysusers into a scratch root, and the demo job run under strace: each
  system call it makes must pass the unit's SystemCallFilter= (the sandbox itself cannot be tried
  without systemd as PID 1).
- deploy/kubernetes/: the manifests parsed as YAML, the fields an Indexed Job of N shards needs,
  the same N everywhere, every credential the ConfigMap's job and creditors files name coming from
  a Secret, each file they name mounted from the ConfigMap; and the job as mounted run against
  the kind of ledger it names, a PostgreSQL 15 server the test starts (tests/support/
  postgresql_server.py) with the password from the variable the Secret sets: `mailroom validate`
  content with it, and the container's command run as each of the N pods, every invoice sent
  once (to a maildir; the invoices the demo's of those creditors).
- The Containerfile: a Debian 12 runtime stage that installs tools/packages.sh's runtime_packages
  (no -dev package, no compiler), runs as a user who is not root, and whose packages hold every
  shared library the built binary links.
"""

import argparse
import json
import os
import pathlib
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import tomllib
import types
import unittest
import urllib.parse

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "support"))
import postgresql_server  # noqa: E402 (tests/support/postgresql_server.py)

# Set by main() from the command line.
MAILROOM = None
SOURCE = None

# Where the units and the image install the binary.
INSTALLED_BINARY = "/usr/local/bin/mailroom"
# The most `systemd-analyze security` may rate the service's exposure (0 to 10; it rates ours 1.2).
MAXIMUM_EXPOSURE = 2.0
# The runtime libraries of the sanitizers, which only the test builds link.
SANITIZER_LIBRARY = re.compile(r"^lib(asan|ubsan|tsan|lsan)\.so")


def read_unit(path):
    """A unit file as {section: {key: [values in order]}}: systemd allows a key more than once."""
    sections = {}
    section = None
    # A line that ends in a backslash goes on in the next, as systemd reads it.
    text = re.sub(r"\\\n\s*", " ", path.read_text())
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = sections.setdefault(line[1:-1], {})
            continue
        key, separator, value = line.partition("=")
        if section is None or not separator:
            raise AssertionError(f"{path}: not a unit file line: {line!r}")
        section.setdefault(key.strip(), []).append(value.strip())
    return sections


def system_calls_of(name):
    """The system calls a name of SystemCallFilter= stands for: itself, or a group's members,
    groups in it expanded, as systemd-analyze lists them."""
    if not name.startswith("@"):
        return {name}
    output = subprocess.run(["systemd-analyze", "syscall-filter", "--no-pager", name], check=True,
                            capture_output=True, text=True).stdout
    members = set()
    for line in output.splitlines()[1:]:
        line = line.strip()
        if line and not line.startswith("#"):
            members |= system_calls_of(line)
    return members


def packages_of(array_name):
    """The packages of one array of tools/packages.sh, as bash reads them."""
    script = f'source "$1" && printf "%s\\n" "${{{array_name}[@]}}"'
    output = subprocess.run(["bash", "-c", script, "bash", SOURCE / "tools/packages.sh"],
                            check=True, capture_output=True, text=True).stdout
    return output.split()


class SystemdUnits(unittest.TestCase):
    def setUp(self):
        self.folder = pathlib.Path(tempfile.mkdtemp(prefix="mailroom-units-"))
        self.addCleanup(shutil.rmtree, self.folder)
        self.service = read_unit(SOURCE / "deploy/systemd/mailroom@.service")
        self.timer = read_unit(SOURCE / "deploy/systemd/mailroom@.timer")

    def copy_units_running_the_built_binary(self):
        """The units in a scratch folder, ExecStart naming the built binary instead of the
        installed one."""
        service = (SOURCE / "deploy/systemd/mailroom@.service").read_text()
        self.assertIn(f"ExecStart={INSTALLED_BINARY} ", service)
        service = service.replace(f"ExecStart={INSTALLED_BINARY} ", f"ExecStart={MAILROOM} ")
        (self.folder / "mailroom@.service").write_text(service)
        shutil.copy(SOURCE / "deploy/systemd/mailroom@.timer", self.folder)
        return self.folder / "mailroom@nightly.service", self.folder / "mailroom@nightly.timer"

    def test_systemd_analyze_verify_finds_nothing_to_say(self):
        # verify exits 0 after an unknown key or a value it cannot parse, only saying so: anything
        # it says fails the test.
        service, timer = self.copy_units_running_the_built_binary()
        result = subprocess.run(["systemd-analyze", "verify", "--man=no", service, timer],
                                capture_output=True, text=True)
        said = (result.stdout + result.stderr).strip()
        self.assertEqual((result.returncode, said), (0, ""), f"systemd-analyze verify: {said}")

    def test_the_service_is_hardened(self):
        service, _ = self.copy_units_running_the_built_binary()
        result = subprocess.run(["systemd-analyze", "security", "--offline=yes", "--no-pager",
                                 f"--threshold={int(MAXIMUM_EXPOSURE * 10)}", service],
                                capture_output=True, text=True)
        level = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", result.stdout)
        self.assertIsNotNone(level, result.stdout + result.stderr)
        self.assertEqual(result.returncode, 0,
                         f"exposure {level.group(1)}, more than {MAXIMUM_EXPOSURE}:\n"
                         + "\n".join(line for line in result.stdout.splitlines() if "✗" in line))

    def test_a_run_uses_only_system_calls_the_service_allows(self):
        # systemd is not PID 1 here, so the sandbox cannot be tried for real: instead the demo job
        # runs under strace, and each system call it makes must pass the unit's SystemCallFilter=
        # lines (an allow list, then ~ lists taken out of it), and no memory may be mapped or made
        # executable that MemoryDenyWriteExecute= would refuse.
        filters = self.service["Service"]["SystemCallFilter"]
        self.assertFalse(filters[0].startswith("~"), "the first SystemCallFilter= is an allow list")
        allowed = set().union(*(system_calls_of(name) for name in filters[0].split()))
        for line in filters[1:]:
            self.assertTrue(line.startswith("~"), line)
            allowed -= set().union(*(system_calls_of(name) for name in line[1:].split()))
        work = self.folder / "demo"
        for folder in ("jobs", "templates", "samples/data"):
            shutil.copytree(SOURCE / folder, work / folder)
        trace = self.folder / "strace.log"
        # LeakSanitizer cannot work under ptrace: an ASan build leaves its leak check out here.
        environment = dict(os.environ)
        environment["ASAN_OPTIONS"] = ":".join(
            filter(None, [environment.get("ASAN_OPTIONS"), "detect_leaks=0"]))
        result = subprocess.run(["strace", "--follow-forks", "--quiet=all", "-o", trace, MAILROOM,
                                 "run", "jobs/demo.toml", "--progress", "none"],
                                cwd=work, env=environment, capture_output=True, text=True)
        # 1: the demo's two invoices without a valid address.
        self.assertEqual(result.returncode, 1, result.stderr)
        calls = trace.read_text().splitlines()
        names = {match.group(1) for line in calls
                 if (match := re.match(r"\d+\s+([a-z0-9_]+)\(", line))}
        self.assertTrue({"fdatasync", "fsync"} & names, "the trace holds the ledger's syncs")
        executable = [line for line in calls if re.search(
            r"\b(mprotect|pkey_mprotect)\(.*PROT_EXEC|\bmmap\(.*PROT_WRITE\|PROT_EXEC", line)]
        self.assertEqual(executable, [], "what MemoryDenyWriteExecute=yes refuses")
        # SQLite gives its journal files the database's owner when it runs as root, as the test
        # may; the service never does.
        refused = sorted(names - allowed - ({"fchown"} if os.geteuid() == 0 else set()))
        self.assertEqual(refused, [], f"system calls {filters} refuses")

    def test_a_night_with_invoices_not_sent_is_no_failure_and_nothing_restarts(self):
        settings = self.service["Service"]
        self.assertEqual(settings["Type"], ["oneshot"])
        self.assertIn("1", " ".join(settings.get("SuccessExitStatus", [])).split())
        self.assertIn(settings.get("Restart", ["no"])[-1], ("no",))

    def test_each_instance_runs_its_own_job_file_with_its_own_credentials(self):
        settings = self.service["Service"]
        command = shlex.split(settings["ExecStart"][-1])
        self.assertEqual(command[:3], [INSTALLED_BINARY, "run", "/etc/mailroom/%i.toml"])
        self.assertEqual(settings["EnvironmentFile"], ["-/etc/mailroom/%i.env"])

    def test_it_writes_only_its_state_folder_and_keeps_what_mailroom_needs(self):
        settings = self.service["Service"]
        expected = {"ProtectSystem": "strict", "NoNewPrivileges": "yes", "ProtectHome": "yes",
                    "PrivateTmp": "yes", "CapabilityBoundingSet": "", "User": "mailroom"}
        for key, value in expected.items():
            self.assertEqual(settings.get(key, [None])[-1], value, key)
        self.assertIn("mailroom", " ".join(settings["StateDirectory"]).split())
        families = set(" ".join(settings["RestrictAddressFamilies"]).split())
        self.assertEqual(families, {"AF_UNIX", "AF_INET", "AF_INET6"})
        self.assertEqual(settings["SystemCallFilter"][0], "@system-service")

    def test_the_timer_runs_nightly_and_catches_up_a_missed_night(self):
        timer = self.timer["Timer"]
        self.assertEqual(timer["Persistent"], ["true"])
        self.assertTrue(timer.get("OnCalendar"), "no OnCalendar=")
        self.assertEqual(self.timer["Install"]["WantedBy"], ["timers.target"])

    def test_the_sysusers_file_makes_the_user_the_service_runs_as(self):
        root = self.folder / "root"
        (root / "etc").mkdir(parents=True)
        result = subprocess.run(["systemd-sysusers", f"--root={root}",
                                 SOURCE / "deploy/systemd/mailroom.sysusers"],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        users = [line.split(":") for line in (root / "etc/passwd").read_text().splitlines()]
        user = self.service["Service"]["User"][-1]
        self.assertIn(user, [fields[0] for fields in users])
        self.assertNotIn("0", [fields[2] for fields in users if fields[0] == user])


class KubernetesManifests(unittest.TestCase):
    def setUp(self):
        self.documents = {}
        for path in sorted((SOURCE / "deploy/kubernetes").glob("*.yaml")):
            for document in yaml.safe_load_all(path.read_text()):
                self.assertIn("apiVersion", document, path)
                self.assertIn("kind", document, path)
                self.assertIn("name", document.get("metadata", {}), path)
                self.documents[(document["kind"], document["metadata"]["name"])] = document
        cronjobs = [document for (kind, _), document in self.documents.items() if kind == "CronJob"]
        self.assertEqual(len(cronjobs), 1, "one CronJob")
        self.cronjob = cronjobs[0]
        self.job = self.cronjob["spec"]["jobTemplate"]["spec"]
        self.pod = self.job["template"]["spec"]
        self.container = self.pod["containers"][0]

    def shards(self):
        """N of `--shard auto/N` in the container's command and arguments."""
        words = [str(word) for word in
                 self.container.get("command", []) + self.container.get("args", [])]
        for index, word in enumerate(words):
            value = word.split("=", 1)[1] if word.startswith("--shard=") else (
                words[index + 1] if word == "--shard" and index + 1 < len(words) else None)
            if value is not None:
                match = re.fullmatch(r"auto/(\d+)", value)
                self.assertIsNotNone(match, f"--shard {value}: expected auto/N")
                return int(match.group(1)), words
        self.fail(f"no --shard auto/N in {words}")

    def configmap_files(self):
        """The files the ConfigMap volume shows the container: {path in the container: text}."""
        volume = self.volume_of_kind("configMap")
        mount = self.mount_of(volume["name"])
        configmap = self.documents[("ConfigMap", volume["configMap"]["name"])]
        data = configmap.get("data", {})
        items = volume["configMap"].get("items") or [{"key": key, "path": key} for key in data]
        return {pathlib.PurePosixPath(mount["mountPath"]) / item["path"]: data[item["key"]]
                for item in items}

    def volume_of_kind(self, kind):
        volumes = [volume for volume in self.pod.get("volumes", []) if kind in volume]
        self.assertTrue(volumes, f"no {kind} volume")
        return volumes[0]

    def mount_of(self, volume_name):
        mounts = [mount for mount in self.container.get("volumeMounts", [])
                  if mount["name"] == volume_name]
        self.assertEqual(len(mounts), 1, f"volume {volume_name} is mounted once")
        return mounts[0]

    def secret_variables(self):
        return {variable["name"] for variable in self.container.get("env", [])
                if "secretKeyRef" in variable.get("valueFrom", {})}

    def mount_configmap_against_postgresql(self):
        """The container's volumes as folders under a scratch folder, for runs of mailroom by hand:
        the ConfigMap's files; on the data volume the job's invoice file, holding the demo's
        invoices whose creditor the ConfigMap has and whose address is valid. The job's ledger is
        a database of a PostgreSQL 15 server the test starts (and stops when it ends, passed or
        not), owned by a role of the ledger URI's user name that must give its password, which the
        environment holds in the variable the job's ledger_password_env names, as the Secret
        would. Besides the ledger's host, each path in the job file is moved with its volume."""
        folder = pathlib.Path(tempfile.mkdtemp(prefix="mailroom-configmap-"))
        self.addCleanup(shutil.rmtree, folder)
        mounts = "|".join(re.escape(mount["mountPath"]) for mount in self.container["volumeMounts"])

        def in_folder(text):
            """The paths under the container's mounts in `text` as paths under the folder."""
            return re.sub(rf"(?<![\w/])(?=({mounts})/)", str(folder), text)

        for path, text in self.configmap_files().items():
            (folder / path.relative_to("/")).parent.mkdir(parents=True, exist_ok=True)
            (folder / path.relative_to("/")).write_text(text)
        _, words = self.shards()
        job_path = pathlib.Path(in_folder(words[2]))
        job = tomllib.loads(job_path.read_text())
        creditors = tomllib.loads((job_path.parent / job["creditors"]).read_text())
        ids = {creditor["id"] for creditor in creditors["creditor"]}
        invoices = [line for line in (SOURCE / "samples/data/demo.jsonl").read_text().splitlines()
                    if json.loads(line)["creditor"] in ids
                    and re.fullmatch(r"[^@\s;]+@[^@\s;]+(;[^@\s;]+@[^@\s;]+)*",
                                     json.loads(line)["debtor"].get("emails", ""))]
        self.assertTrue(invoices, f"the demo has no invoice of {ids}")
        self.assertEqual(len(job["invoices"]), 1, job["invoices"])
        invoice_file = pathlib.Path(in_folder(job["invoices"][0]))
        self.assertTrue(invoice_file.is_relative_to(folder), f"{invoice_file} is on no volume")
        invoice_file.parent.mkdir(parents=True, exist_ok=True)
        invoice_file.write_text("\n".join(invoices) + "\n")

        # The server, in a folder of its own: as root it runs as the user postgres, who may not
        # enter the scratch folder.
        server_folder = tempfile.mkdtemp(prefix="mailroom-deploy-postgresql-")
        self.addCleanup(shutil.rmtree, server_folder, ignore_errors=True)
        server = postgresql_server.PostgresqlServer.start(server_folder)
        self.addCleanup(server.stop)
        ledger = urllib.parse.urlsplit(job["ledger"])
        self.assertEqual(ledger.scheme, "postgresql", job["ledger"])
        role, database = ledger.username, ledger.path.removeprefix("/")
        self.assertTrue(role and database, f"{job['ledger']}: expected a user and a database")
        password = secrets.token_urlsafe(16)
        server.sql(f"CREATE ROLE {role} LOGIN PASSWORD {postgresql_server.quoted(password)};\n"
                   f"CREATE DATABASE {database} OWNER {role};\n")
        variable = job["ledger_password_env"]
        self.assertIn(variable, self.secret_variables())
        environment = dict(os.environ)
        environment[variable] = password

        text, count = re.subn(r"(?m)^ledger = .*$",
                              f"ledger = {json.dumps(server.pointed_here(job['ledger']))}",
                              in_folder(job_path.read_text()))
        self.assertEqual(count, 1, "ledger")
        job_path.write_text(text)
        return types.SimpleNamespace(folder=folder, job_path=job_path, invoices=invoices,
                                     command=[in_folder(word) for word in words],
                                     init_commands=[[in_folder(str(word)) for word in
                                                     container.get("command", [])]
                                                    for container in self.init_containers()],
                                     server=server,
                                     role=role, database=database, environment=environment)

    def test_a_nightly_cronjob_never_runs_two_nights_at_once(self):
        self.assertEqual(self.cronjob["apiVersion"], "batch/v1")
        self.assertEqual(len(self.cronjob["spec"]["schedule"].split()), 5)
        self.assertEqual(self.cronjob["spec"].get("concurrencyPolicy"), "Forbid")

    def test_an_indexed_job_of_n_workers_each_taking_shard_index_of_n(self):
        self.assertEqual(self.job.get("completionMode"), "Indexed")
        self.assertEqual(self.job.get("completions"), self.job.get("parallelism"))
        shards, _ = self.shards()
        self.assertEqual(shards, self.job["completions"], "--shard auto/N with N = completions")
        self.assertGreaterEqual(self.job.get("backoffLimitPerIndex", -1), 0)
        self.assertLessEqual(self.job.get("maxFailedIndexes", 0), self.job["completions"])
        self.assertEqual(self.pod.get("restartPolicy"), "Never")

    def init_containers(self):
        return self.pod.get("initContainers", [])

    def test_an_init_container_makes_the_metrics_folder_on_the_volume(self):
        # A new volume has no folders, and a run refuses a --metrics file in a folder that is not
        # there: an init container, as restricted as the worker and with its volume at the same
        # place, makes it first.
        _, words = self.shards()
        metrics = pathlib.PurePosixPath(words[words.index("--metrics") + 1])
        made = []
        for container in self.init_containers():
            command = [str(word) for word in container.get("command", [])]
            self.assertEqual(command[:2], ["mkdir", "-p"], command)
            self.assertEqual(container["image"], self.container["image"])
            security = container.get("securityContext", {})
            self.assertIs(security.get("readOnlyRootFilesystem"), True)
            self.assertIs(security.get("allowPrivilegeEscalation"), False)
            self.assertEqual(container.get("volumeMounts"),
                             [mount for mount in self.container["volumeMounts"]
                              if mount["name"] == "data"])
            made += [pathlib.PurePosixPath(word) for word in command[2:]]
        self.assertIn(metrics.parent, made, "no init container makes the metrics folder")

    def test_the_workers_of_one_night_share_a_run_id_that_changes_every_night(self):
        # `--run-id $(VARIABLE)`, the variable taken from the Job's name: the same for the N
        # workers of one night (max_per_run counts their messages together), a new one each night.
        _, words = self.shards()
        self.assertIn("--run-id", words)
        value = words[words.index("--run-id") + 1]
        match = re.fullmatch(r"\$\((\w+)\)", value)
        self.assertIsNotNone(match, f"--run-id {value}: expected $(VARIABLE)")
        variables = {variable["name"]: variable for variable in self.container.get("env", [])}
        self.assertIn(match.group(1), variables)
        field = variables[match.group(1)].get("valueFrom", {}).get("fieldRef", {})
        self.assertEqual(field.get("fieldPath"),
                         "metadata.labels['batch.kubernetes.io/job-name']")

    def test_the_workers_run_the_mounted_job_against_postgresql(self):
        _, words = self.shards()
        self.assertEqual(words[:2], [INSTALLED_BINARY, "run"])
        files = self.configmap_files()
        job_path = pathlib.PurePosixPath(words[2])
        self.assertIn(job_path, files, "the job file comes from the ConfigMap")
        job = tomllib.loads(files[job_path])
        self.assertTrue(job["ledger"].startswith("postgresql://"), job["ledger"])
        self.assertIn(job["ledger_password_env"], self.secret_variables())
        # The creditors file and each creditor's templates, relative to the job file.
        creditors_path = job_path.parent / job["creditors"]
        self.assertIn(creditors_path, files)
        creditors = tomllib.loads(files[creditors_path])
        for creditor in creditors["creditor"]:
            folder = creditors_path.parent / creditor["email_template"]
            for language in ("nl", "en"):
                for name in ("subject.mustache", "body.txt.mustache"):
                    self.assertIn(folder / language / name, files, creditor["id"])

    def test_mailroom_validates_the_job_the_configmap_mounts(self):
        # The files as the container sees them, under a scratch folder, and its job's ledger a
        # database of a PostgreSQL 15 server of the test's own; validate opens it with the
        # password the Secret's variable gives, creates the ledger's tables as the role the job
        # file names (no superuser) and checks the invoices against its register.
        mounted = self.mount_configmap_against_postgresql()
        result = subprocess.run([MAILROOM, "validate", mounted.job_path], env=mounted.environment,
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn(f"{len(mounted.invoices)} invoices read: 0 with errors", result.stdout)
        # A ledger it cannot open is only a warning to validate: none may be said.
        self.assertEqual(result.stderr, "", "validate against the ledger of the ConfigMap's job")
        tables = mounted.server.sql("SELECT count(*) FROM pg_tables WHERE tableowner = "
                                    f"{postgresql_server.quoted(mounted.role)}", mounted.database)
        self.assertGreater(int(tables), 0, "the ledger's tables, made by the job's role")

    def test_the_workers_send_each_invoice_once_through_the_shared_ledger(self):
        # The container's command run as each of the N pods would run it, one after the other,
        # on the mounted job against one PostgreSQL ledger; the job's mail goes to a maildir
        # instead of the mailbox's server (transport, the one line the test adds to the job).
        mounted = self.mount_configmap_against_postgresql()
        outbox = mounted.folder / "outbox"
        mounted.job_path.write_text(f"transport = {json.dumps(f'maildir:{outbox}')}\n"
                                    + mounted.job_path.read_text())
        # mailroom refuses a metrics file in a folder that is not there (a wrong path for
        # node_exporter, most likely): the init containers make it, as in each pod.
        for command in mounted.init_commands:
            result = subprocess.run(command, capture_output=True, text=True)
            self.assertEqual(result.returncode, 0, f"{command}: {result.stderr}")
        shards, _ = self.shards()
        for index in range(shards):
            # What Kubernetes gives each pod and expands in $(NAME): its index, and the Job's name
            # (the CronJob's name and the scheduled minute) for the variables taken from it.
            variables = {"JOB_COMPLETION_INDEX": str(index)}
            for variable in self.container.get("env", []):
                field = variable.get("valueFrom", {}).get("fieldRef", {}).get("fieldPath")
                if field == "metadata.labels['batch.kubernetes.io/job-name']":
                    variables[variable["name"]] = "mailroom-nightly-29412345"
            command = [MAILROOM] + [
                re.sub(r"\$\((\w+)\)", lambda match: variables.get(match.group(1), match.group(0)),
                       str(word))
                for word in mounted.command[1:]]
            self.assertFalse([word for word in command if "$(" in str(word)], command)
            environment = dict(mounted.environment, **variables)
            result = subprocess.run(command, env=environment, capture_output=True, text=True)
            self.assertEqual(result.returncode, 0, f"pod {index}: {result.stderr}")
        messages = list((outbox / "new").iterdir())
        self.assertEqual(len(messages), len(mounted.invoices), "one message per invoice")
        # The whole job from the ledger, whichever pod sent what: 0 when every invoice is sent.
        result = subprocess.run([MAILROOM, "report", mounted.job_path], env=mounted.environment,
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_every_credential_comes_from_a_secret(self):
        files = self.configmap_files()
        creditors = [tomllib.loads(text) for path, text in files.items()
                     if path.name == "creditors.toml"]
        self.assertTrue(creditors)
        secrets = self.secret_variables()
        for mailbox in creditors[0].get("mailbox", {}).values():
            for key in ("username_env", "password_env"):
                if key in mailbox:
                    self.assertIn(mailbox[key], secrets, f"{key} = {mailbox[key]!r}")
        literal = [variable["name"] for variable in self.container.get("env", [])
                   if "value" in variable and re.search("PASSWORD|USER", variable["name"])]
        self.assertEqual(literal, [], "credentials written into the manifest")

    def test_it_runs_as_no_root_on_a_read_only_root_with_scratch_space(self):
        pod_security = self.pod.get("securityContext", {})
        container_security = self.container.get("securityContext", {})
        self.assertTrue(pod_security.get("runAsNonRoot") or container_security.get("runAsNonRoot"))
        self.assertNotEqual(container_security.get("runAsUser", pod_security.get("runAsUser")), 0)
        self.assertIs(container_security.get("readOnlyRootFilesystem"), True)
        self.assertIs(container_security.get("allowPrivilegeEscalation"), False)
        scratch = self.volume_of_kind("emptyDir")
        self.mount_of(scratch["name"])
        for mount in self.container["volumeMounts"]:
            self.assertIn(mount["name"], [volume["name"] for volume in self.pod["volumes"]])

    def test_the_workers_ask_for_and_are_limited_in_resources(self):
        resources = self.container.get("resources", {})
        for kind in ("requests", "limits"):
            for resource in ("cpu", "memory"):
                self.assertIn(resource, resources.get(kind, {}), f"{kind}.{resource}")

    def test_the_archive_outlives_the_pods(self):
        volume = self.volume_of_kind("persistentVolumeClaim")
        claim_name = volume["persistentVolumeClaim"]["claimName"]
        claim = self.documents[("PersistentVolumeClaim", claim_name)]
        self.assertIn("ReadWriteMany", claim["spec"]["accessModes"])
        files = self.configmap_files()
        job = tomllib.loads(next(text for path, text in files.items() if path.name == "job.toml"))
        mount = self.mount_of(volume["name"])
        self.assertTrue(job["archive"].startswith(mount["mountPath"] + "/"), job["archive"])


class Containerfile(unittest.TestCase):
    def setUp(self):
        self.stages = []
        text = (SOURCE / "deploy/kubernetes/Containerfile").read_text()
        # Continued lines joined, comments dropped: one instruction per entry.
        text = re.sub(r"\\\n", " ", text)
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            instruction, _, argument = line.partition(" ")
            if instruction.upper() == "FROM":
                self.stages.append([])
            self.assertTrue(self.stages, "an instruction before the first FROM")
            self.stages[-1].append((instruction.upper(), argument.strip()))
        self.assertGreaterEqual(len(self.stages), 2, "a build stage and a runtime stage")
        self.build, self.runtime = self.stages[0], self.stages[-1]

    def runs(self, stage):
        return " ".join(argument for instruction, argument in stage if instruction == "RUN")

    def test_every_stage_is_debian_12_slim(self):
        for stage in self.stages:
            self.assertEqual(stage[0][1].split()[0], "debian:12-slim")

    def test_the_build_stage_builds_relwithdebinfo_with_the_engine_packages(self):
        self.assertIn('"${engine_packages[@]}"', self.runs(self.build))
        self.assertIn("-DCMAKE_BUILD_TYPE=RelWithDebInfo", self.runs(self.build))

    def test_the_runtime_stage_installs_no_dev_package_and_no_compiler(self):
        runs = self.runs(self.runtime)
        self.assertIn('"${runtime_packages[@]}"', runs)
        self.assertNotRegex(runs, r"engine_packages|test_packages|-dev\b")
        packages = packages_of("runtime_packages")
        self.assertTrue(packages)
        builders = [package for package in packages
                    if package.endswith("-dev")
                    or package in ("g++", "gcc", "cmake", "ninja-build")]
        self.assertEqual(builders, [])
        self.assertIn(f"--from=build /src/build/engine/cli/mailroom {INSTALLED_BINARY}",
                      " ".join(argument for instruction, argument in self.runtime
                               if instruction == "COPY"))

    def test_the_runtime_stage_runs_as_a_user_who_is_not_root(self):
        users = [argument for instruction, argument in self.runtime if instruction == "USER"]
        self.assertTrue(users, "no USER in the runtime stage")
        self.assertNotIn(users[-1].split(":")[0], ("root", "0"))

    def test_the_runtime_packages_hold_every_library_the_binary_links(self):
        dynamic = subprocess.run(["readelf", "--dynamic", "--wide", MAILROOM], check=True,
                                 capture_output=True, text=True).stdout
        needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic)
        self.assertTrue(needed)
        libraries = [library for library in needed if not SANITIZER_LIBRARY.match(library)]
        # Where the dynamic linker finds each (ldd), under both of the names merged /usr gives
        # it, asked of dpkg in one query: "package[, package…]: /path" per line.
        resolved = subprocess.run(["ldd", MAILROOM], check=True, capture_output=True,
                                  text=True).stdout
        paths = dict(re.findall(r"^\s+(\S+) => (/\S+) \(", resolved, re.MULTILINE))
        candidates = []
        for library in libraries:
            self.assertIn(library, paths, f"the dynamic linker does not find {library}")
            path = paths[library]
            merged = "/usr" + path if path.startswith("/lib/") else path.removeprefix("/usr")
            candidates += [path, merged]
        owners = subprocess.run(["dpkg-query", "--search", *candidates], capture_output=True,
                                text=True).stdout
        packages_by_library = {}
        for line in owners.splitlines():
            packages, separator, path = line.partition(": ")
            if separator and not line.startswith("diversion"):
                packages_by_library.setdefault(pathlib.PurePosixPath(path).name, set()).update(
                    package.strip().split(":")[0] for package in packages.split(","))
        runtime = set(packages_of("runtime_packages"))
        missing = []
        for library in libraries:
            packages = packages_by_library.get(library)
            self.assertTrue(packages, f"no package holds {library}")
            if not packages & runtime:
                missing.append(f"{library} ({', '.join(sorted(packages))})")
        self.assertEqual(missing, [], "libraries whose packages runtime_packages lacks")


def main():
    global MAILROOM, SOURCE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mailroom", required=True, type=pathlib.Path, help="the mailroom binary")
    parser.add_argument("--source", required=True, type=pathlib.Path, help="the source tree")
    known, rest = parser.parse_known_args()
    MAILROOM = known.mailroom.resolve()
    SOURCE = known.source.resolve()
    unittest.main(argv=[sys.argv[0], *rest])


if __name__ == "__main__":
    main()
