"""Start real SPARQL servers on loopback for tests and benchmarks: Oxigraph's server (the
`oxigraph` CLI from PyPI) and OpenLink Virtuoso (`virtuoso-t`, Debian virtuoso-opensource).

    with running("oxigraph", tmp) as server: ...   # server.query_url, .gsp_url, .update_url
"""
from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO_VSP = "/var/lib/virtuoso-opensource-7/vsp"


@dataclass
class Server:
    name: str
    query_url: str
    gsp_url: str
    update_url: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def pause(self) -> None:
        """Freeze the server (it accepts connections but never answers): a slow store."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


def _wait(url: str, process: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not come up at {url} within {seconds} s")


def start_culpa(*args: str, log: Path) -> tuple[subprocess.Popen, str]:
    """`culpa serve ARGS` on a free loopback port, waited for until it answers; (process, base URL)."""
    port = free_port()
    with open(log, "w") as out:
        process = subprocess.Popen([sys.executable, "-m", "culpa", "serve", "--port", str(port), *args],
                                   stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + "/healthz", process, log, seconds=120)
    except RuntimeError:
        process.kill()
        raise
    return process, base


def stop_process(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def start_oxigraph(folder: Path, port: int | None = None) -> Server:
    binary = oxigraph_binary()
    if binary is None:
        raise FileNotFoundError("oxigraph")
    port = port or free_port()
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "oxigraph.log"
    process = subprocess.Popen([binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}",
                                "--union-default-graph"], stdout=log.open("wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    _wait(base + "/query?query=ASK%7B%7D", process, log)
    return Server("oxigraph", base + "/query", base + "/store", base + "/update", process, log)


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
MaxClientConnections = 20
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {vsp}
MaxClientConnections = 20
ServerThreads = 20
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 400
"""


def start_virtuoso(folder: Path, *, buffers: int = 50_000) -> Server:
    """A fresh Virtuoso in ``folder`` whose SPARQL user may write through the Graph Store
    Protocol (/sparql-graph-crud) and SPARQL Update (/sparql): fine on loopback in a test, never
    on a shared host. The authenticated URLs (/sparql-auth, /sparql-graph-crud-auth) take the
    ``dba`` user with password ``dba`` (HTTP digest)."""
    binary = virtuoso_binary()
    if binary is None:
        raise FileNotFoundError("virtuoso-t")
    folder.mkdir(parents=True, exist_ok=True)
    sql, http = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=folder, sql=sql, http=http, vsp=VIRTUOSO_VSP,
                                       buffers=buffers, dirty=buffers * 3 // 4), encoding="utf-8")
    log = folder / "stdout.log"
    process = subprocess.Popen([binary, "-f", "-c", str(ini)], cwd=folder, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http}"
    _wait(base + "/sparql?query=ASK%7B%7D", process, log)
    isql = shutil.which("isql-vt") or shutil.which("isql")
    grant = 'GRANT SPARQL_UPDATE TO "SPARQL"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET (\'nobody\', 7);'
    subprocess.run([isql, f"127.0.0.1:{sql}", "dba", "dba", f"exec={grant}"], check=True, capture_output=True, timeout=60)
    return Server("virtuoso", base + "/sparql", base + "/sparql-graph-crud", base + "/sparql", process, log)


STARTERS = {"oxigraph": (start_oxigraph, oxigraph_binary, "pip install oxigraph (the `test` extra)"),
            "virtuoso": (start_virtuoso, virtuoso_binary, "apt-get install virtuoso-opensource")}


@contextlib.contextmanager
def running(name: str, folder: Path):
    server = STARTERS[name][0](folder)
    try:
        yield server
    finally:
        server.resume()
        server.stop()


def missing(name: str) -> str | None:
    """Why a server cannot be started here (None when it can)."""
    _, binary, install = STARTERS[name]
    if binary() is None:
        return f"{name} is not installed here ({install}; ./quickstart test installs it)"
    return None
