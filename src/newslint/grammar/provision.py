"""Getting LanguageTool onto the machine, and finding it again.

Ways, in the order :func:`find` tries them:

1. ``languagetool: {directory: ...}``: an existing installation (an unzipped LanguageTool
   release holding ``languagetool-server.jar``, or a folder of jars);
2. ``newslint languagetool install``: the pinned release fetched by Maven from Maven Central
   with the POM shipped in this package, into the per-user cache;
3. a LanguageTool that language-tool-python already downloaded (``LTP_PATH`` or
   ``~/.cache/language_tool_python``);
4. with ``languagetool: {download: true}``, language-tool-python's own download (its host
   must be reachable: it is not from every CI).

A server URL (``languagetool: {url: ...}``) needs none of these.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from newslint.classcache import dataclass
from newslint.errors import BackendError
from newslint.grammar.settings import Settings, install_root

MIN_JAVA = 17
MAIN_CLASS = "org.languagetool.server.HTTPServer"
POM_RESOURCE = "languagetool-pom.xml"


class ProvisionError(BackendError):
    """LanguageTool cannot be installed or found; the message says how to fix it."""


@dataclass(frozen=True)
class Installation:
    #: Java class path holding the server and the French module.
    classpath: str
    #: ``6.8``, or ``""`` when only the running server can tell.
    version: str
    #: Where it came from, for ``newslint languagetool status``.
    description: str


# -- Java ----------------------------------------------------------------------------------


def find_java(configured: str = "") -> str:
    """The Java executable, or a :class:`ProvisionError` saying how to get one."""
    import shutil

    candidates = []
    if configured:
        candidates.append(configured)
    elif os.environ.get("JAVA_HOME"):
        candidates.append(os.path.join(os.environ["JAVA_HOME"], "bin", "java"))
    found = shutil.which("java")
    if found and not configured:
        candidates.append(found)
    for candidate in candidates:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    where = f"{configured!r} is not an executable" if configured else "no java on PATH"
    raise ProvisionError(
        f"Java not found ({where}): LanguageTool needs Java {MIN_JAVA} or newer "
        "(e.g. apt-get install openjdk-17-jre-headless), or use --no-grammar"
    )


def java_version(java: str) -> int:
    """Major version of ``java`` (8 for ``1.8.0``)."""
    import subprocess

    try:
        process = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ProvisionError(f"cannot run {java}: {error}") from None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', process.stderr + process.stdout)
    if not match:
        raise ProvisionError(
            f"cannot tell the version of {java} from: {process.stderr.strip()[:120]}"
        )
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def check_java(configured: str = "") -> str:
    java = find_java(configured)
    major = java_version(java)
    if major < MIN_JAVA:
        raise ProvisionError(
            f"{java} is Java {major}; LanguageTool needs Java {MIN_JAVA} or newer "
            "(install one and put it first on PATH, set JAVA_HOME, or languagetool: {java: PATH})"
        )
    return java


# -- finding an installation ---------------------------------------------------------------


def installed_dir(version: str) -> Path:
    return install_root() / version


def from_directory(directory: str | Path) -> Installation:
    """An existing installation: a LanguageTool release folder or a folder of jars."""
    path = Path(directory).expanduser()
    if not path.is_dir():
        raise ProvisionError(f"languagetool directory {str(path)!r} does not exist")
    server_jar = path / "languagetool-server.jar"
    if server_jar.is_file():
        # A release zip: the server jar's manifest names every library beside it.
        return Installation(str(server_jar), _version_from_jars(path / "libs"), f"directory {path}")
    for jars in (path / "lib", path):
        if any(jars.glob("languagetool-server-*.jar")):
            return Installation(str(jars / "*"), _version_from_jars(jars), f"directory {jars}")
    raise ProvisionError(
        f"{str(path)!r} holds no LanguageTool server (languagetool-server.jar or "
        "languagetool-server-*.jar)"
    )


def _version_from_jars(folder: Path) -> str:
    for jar in folder.glob("languagetool-core-*.jar"):
        return jar.name[len("languagetool-core-") : -len(".jar")]
    return ""


def newslint_install(version: str) -> Installation | None:
    folder = installed_dir(version)
    marker = folder / "install.json"
    lib = folder / "lib"
    if marker.is_file() and any(lib.glob("languagetool-server-*.jar")):
        return Installation(str(lib / "*"), version, f"newslint install {folder}")
    return None


def ltp_download(version: str) -> Installation | None:
    """A LanguageTool that language-tool-python downloaded earlier."""
    base = Path(os.environ.get("LTP_PATH", Path.home() / ".cache" / "language_tool_python"))
    for folder in sorted(base.glob(f"LanguageTool-{version}*")):
        if (folder / "languagetool-server.jar").is_file():
            return from_directory(folder)
    return None


def find(settings: Settings) -> Installation:
    """The installation to run, or a :class:`ProvisionError` listing the ways to get one."""
    if settings.directory:
        return from_directory(settings.directory)
    found = newslint_install(settings.version) or ltp_download(settings.version)
    if found:
        return found
    if settings.download:
        return download_with_ltp(settings.version)
    raise ProvisionError(
        f"LanguageTool {settings.version} is not installed: run `newslint languagetool install`, "
        "or set languagetool: {directory: ...} or {url: ...}, or use --no-grammar"
    )


def download_with_ltp(version: str) -> Installation:
    """language-tool-python's own download (from languagetool.org; not reachable everywhere)."""
    try:
        from language_tool_python.download_lt import LocalLanguageTool

        LocalLanguageTool.from_version_name(version).download()
    except Exception as error:  # its errors are of many types (network, zip, hash)
        raise ProvisionError(
            f"language-tool-python could not download LanguageTool {version} ({error}); "
            "`newslint languagetool install` fetches it from Maven Central instead"
        ) from None
    found = ltp_download(version)
    if found is None:
        raise ProvisionError(
            f"language-tool-python downloaded LanguageTool {version} "
            "but newslint cannot find it (LTP_PATH?)"
        )
    return found


# -- installing with Maven -----------------------------------------------------------------


def install(
    version: str, *, force: bool = False, echo: Callable[[str], None] = print, java: str = ""
) -> tuple[Installation, bool]:
    """Fetch LanguageTool ``version`` with Maven; returns ``(installation, newly_installed)``.

    Idempotent: an existing complete installation is kept unless ``force``.
    """
    import json
    import shutil
    import tempfile
    import time
    from importlib import resources

    existing = newslint_install(version)
    if existing and not force:
        return existing, False
    check_java(java)
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ProvisionError(
            "Maven (mvn) not found: install it (e.g. apt-get install maven), or get LanguageTool "
            "another way (languagetool: {directory: ...}, {url: ...}, or {download: true})"
        )
    from newslint.cachedir import private_dir

    root = private_dir(install_root())
    with _lock(root / ".install.lock"):
        existing = newslint_install(version)
        if existing and not force:
            return existing, False
        work = Path(tempfile.mkdtemp(prefix=f".install-{version}-", dir=root))
        try:
            lib = work / "lib"
            pom = work / "pom.xml"
            pom.write_bytes(resources.files("newslint.grammar").joinpath(POM_RESOURCE).read_bytes())
            _run_maven(mvn, pom, lib, version, echo)
            jars = sorted(p.name for p in lib.glob("*.jar"))
            if not any(name.startswith("languagetool-server-") for name in jars):
                raise ProvisionError("Maven finished but fetched no languagetool-server jar")
            size = sum(p.stat().st_size for p in lib.glob("*.jar"))
            (work / "install.json").write_text(
                json.dumps(
                    {
                        "version": version,
                        "source": "maven-central",
                        "jars": len(jars),
                        "bytes": size,
                        "installed": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    },
                    indent=2,
                ),
                encoding="utf-8",
            )
            target = installed_dir(version)
            if target.exists():
                shutil.rmtree(target)
            os.replace(work, target)
            echo(
                f"Installed LanguageTool {version}: {len(jars)} jars, {size / 1e6:.0f} MB in {target}"
            )
        finally:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)
    found = newslint_install(version)
    assert found is not None
    return found, True


_NETWORK = re.compile(
    r"UnknownHost|Could not transfer|Connection refused|timed out|"
    r"Network is unreachable|Could not resolve dependencies|offline mode",
    re.IGNORECASE,
)


def _run_maven(mvn: str, pom: Path, lib: Path, version: str, echo: Callable[[str], None]) -> None:
    import subprocess
    import time

    command = [
        mvn,
        "-B",
        "-f",
        str(pom),
        f"-Dlt.version={version}",
        f"-DoutputDirectory={lib}",
        "-Dmdep.overWriteReleases=true",
        *maven_repository_option(),
        "dependency:copy-dependencies",
    ]
    echo(f"Fetching LanguageTool {version} (server + French) from Maven Central with {mvn}...")
    tail: list[str] = []
    downloaded = copied = 0
    last = time.monotonic()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        env={**os.environ, "MAVEN_OPTS": os.environ.get("MAVEN_OPTS", "")},
    )
    assert process.stdout is not None
    for line in process.stdout:
        line = re.sub(r"\x1b\[[0-9;]*m", "", line.rstrip())
        tail = (tail + [line])[-40:]
        if "Downloaded from" in line:
            downloaded += 1
        elif "Copying " in line:
            copied += 1
        if time.monotonic() - last > 2:
            echo(f"  ... {downloaded} files downloaded, {copied} jars copied")
            last = time.monotonic()
    code = process.wait()
    if code != 0:
        text = "\n".join(tail)
        errors = [line for line in tail if line.startswith("[ERROR]")]
        detail = errors[0][8:].strip() if errors else (tail[-1] if tail else "")
        if _NETWORK.search(text):
            raise ProvisionError(
                "Maven could not download LanguageTool from Maven Central (no network? a proxy "
                f"to set in ~/.m2/settings.xml?): {detail[:300]}"
            )
        raise ProvisionError(f"Maven failed (exit {code}): {detail[:300]}")
    echo(
        f"  {copied or len(list(lib.glob('*.jar')))} jars ready ({downloaded} downloaded, "
        "the rest from Maven's local repository)"
    )


def maven_repository_option() -> list[str]:
    """Maven's downloads go to newslint's cache (``<cache>/maven``), not ``~/.m2`` (271 MB),
    which Maven takes from the account, not ``$HOME`` (issue 20). A ``maven.repo.local`` the
    user set in ``MAVEN_OPTS`` wins."""
    if "maven.repo.local" in os.environ.get("MAVEN_OPTS", ""):
        return []
    from newslint.cachedir import cache_root, private_dir

    return [f"-Dmaven.repo.local={private_dir(cache_root() / 'maven')}"]


class _lock:
    """An exclusive file lock (two installs at once must not mix their files)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self):
        import fcntl

        self.handle = open(self.path, "w")
        fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc) -> None:
        import fcntl

        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()
