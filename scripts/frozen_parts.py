"""What build.spec leaves out of the frozen program, and its Windows version information.

Kept apart from build.spec so tests can read it without PyInstaller
(tests/test_packaging.py): no excluded module may be one cspdesk or ui imports, and no
dropped file may be a library or plugin the program loads.
"""

from __future__ import annotations

import mmap
import re
import shutil
import struct
import subprocess
from pathlib import Path

# Python modules never imported by the running program. Not pydoc or PySide6.QtOpenGL:
# pyqtgraph imports both. Not PySide6.QtNetwork (a second launch finds the running window
# through QLocalServer), PySide6.QtPrintSupport (File > Print) or PySide6.QtSvg (the icon).
EXCLUDES = [
    "tkinter",
    # Qt modules cspdesk never uses; pyqtgraph imports QtTest only if it is there.
    "PySide6.QtSql", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtWebEngineCore", "PySide6.QtTest",
    "PySide6.QtDBus", "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtHelp",
    "PySide6.QtXml", "PySide6.QtConcurrent", "PySide6.QtStateMachine",
    # Test and tooling packages that numpy and pandas reach only from their test helpers.
    "pytest", "_pytest", "pygments", "hypothesis", "pkg_resources", "numpy.f2py",
    "IPython", "matplotlib", "scipy", "pyarrow",
    # lxml parts python-docx never uses (it needs lxml.etree only).
    "lxml.objectify", "lxml.html", "lxml.isoschematron", "lxml.sax", "lxml.builder",
    # TLS and OpenSSL's hashes: cspdesk never goes online, and hashlib falls back to
    # Python's own SHA-1 and SHA-256 (which is all it uses); this leaves out OpenSSL.
    "ssl", "_ssl", "_hashlib",
    # The console's line editing, and the Chinese, Japanese and Korean codecs: cspdesk reads
    # UTF-8 police.uk files and Excel workbooks only.
    "readline", "_codecs_jp", "_codecs_hk", "_codecs_cn", "_codecs_kr", "_codecs_tw",
    "_codecs_iso2022",
]

# Files whose path in the build holds one of these are dropped (lower case, "/" between
# parts): Qt's translations (the window is in English, Qt's own words
# included), input and network plugins an office laptop's window never loads, image
# formats no file of cspdesk is in, and the platforms other than the desktop's own.
_DROPPED_FOLDERS = (
    "pyside6/qt/translations/", "pyside6/translations/",
    "plugins/generic/", "plugins/tls/", "plugins/networkinformation/",
    "plugins/egldeviceintegrations/", "plugins/wayland-", "plugins/platforms/libqlinuxfb",
    "plugins/platforms/libqvnc", "plugins/platforms/libqvkkhrdisplay",
    "plugins/platforms/libqminimalegl", "plugins/platforms/libqeglfs",
    "plugins/platforms/libqwayland", "plugins/platformthemes/libqgtk3",
    "plugins/virtualkeyboard/", "plugins/platforminputcontexts/libqtvirtualkeyboard",
    # pyqtgraph's own application icon, set only by its examples' mkQApp, its colour maps
    # for images (cspdesk draws lines and bars), and the unpacked copy of python-docx's
    # template (it starts from templates/default.docx).
    "pyqtgraph/icons/peegee/", "pyqtgraph/colors/maps/", "docx/templates/default-docx-template/",
)
# On Linux the printing plugin uses the machine's own CUPS library (every Linux desktop
# that prints has it, with its TLS and Kerberos libraries); without CUPS it prints to PDF.
_MACHINE_LIBRARIES = ("libcups.so",)
# Image formats kept: SVG (the icon) and ICO; PNG is built into QtGui.
_IMAGE_FORMATS_KEPT = ("qsvg", "qico")
# Qt libraries of modules never loaded (their plugins are dropped above).
_DROPPED_LIBRARIES = re.compile(
    r"qt6(wayland|wlshell|eglfs|test|pdf|virtualkeyboard|qml|quick|sql)"
    r"|opengl32sw\.dll")  # Windows' software OpenGL: only for OpenGL, which cspdesk never draws


def unused(dest: str) -> bool:
    """Whether the file the build would place at ``dest`` (relative to its folder) is never
    loaded by cspdesk, on Linux or Windows."""
    path = dest.replace("\\", "/").lower()
    if any(part in path for part in _DROPPED_FOLDERS):
        return True
    if "plugins/imageformats/" in path:
        return not any(kept in path.rsplit("/", 1)[1] for kept in _IMAGE_FORMATS_KEPT)
    name = path.rsplit("/", 1)[-1]
    return bool(_DROPPED_LIBRARIES.search(name))


def windows_version(version: str) -> tuple[int, int, int, int]:
    """``0.1.0`` as Windows writes a file version: four numbers, missing ones 0."""
    numbers = [int(n) for n in re.findall(r"\d+", version)[:4]]
    return tuple(numbers + [0] * (4 - len(numbers)))  # type: ignore[return-value]


def version_info_text(version: str) -> str:
    """The Windows version resource of cspdesk.exe in the text form PyInstaller reads
    (``EXE(version=file)``: evaluated into its VSVersionInfo)."""
    four = windows_version(version)
    strings = {
        "CompanyName": "cspdesk", "FileDescription": "cspdesk: the CSP Support Officer's desk",
        "FileVersion": version, "InternalName": "cspdesk",
        "LegalCopyright": "cspdesk contributors; police.uk and ONS data: Open Government Licence",
        "OriginalFilename": "cspdesk.exe", "ProductName": "cspdesk", "ProductVersion": version,
    }
    table = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={four}, prodvers={four}, mask=0x3f, flags=0x0,
                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
      StringTable('080904B0', [
{table}])]),
    VarFileInfo([VarStruct('Translation', [2057, 1200])])
  ]
)
"""


def only_needed_libraries(binaries: list[tuple], imports_of) -> list[tuple]:
    """``binaries`` without the shared libraries at the top of the folder that nothing kept
    needs: the system libraries PyInstaller found for the plugins dropped above (GTK's
    cairo and pango for the GTK theme, and so on). ``imports_of(source)`` names the
    libraries a file links to; the Python library, which the program loads itself, stays,
    and CUPS is left to the machine."""
    def top_level(entry: tuple) -> bool:
        dest = entry[0].replace("\\", "/")
        return ("/" not in dest and entry[2] != "SYMLINK"
                and not re.match(r"(lib)?python3", dest.lower()))

    libraries = {entry[0]: entry for entry in binaries if top_level(entry)}
    waiting = [entry for entry in binaries if not top_level(entry) and entry[2] != "SYMLINK"]
    needed: set[str] = set()
    while waiting:
        for name in imports_of(waiting.pop()[1]):
            name = name.replace("\\", "/").rsplit("/", 1)[-1]
            if (name in libraries and name not in needed
                    and not name.startswith(_MACHINE_LIBRARIES)):
                needed.add(name)
                waiting.append(libraries[name])
    return [entry for entry in binaries if not top_level(entry) or entry[0] in needed]


def elf_needed(path: str) -> list[str]:
    """The libraries a Linux shared library or program links to itself (its DT_NEEDED
    entries, as ``objdump -p`` lists them; ldd would add theirs too). [] for a file that is
    not a 64-bit little-endian ELF file."""
    if not is_elf(path):
        return []
    with open(path, "rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        header_at, = struct.unpack_from("<Q", data, 0x20)
        entry_size, count = struct.unpack_from("<HH", data, 0x36)
        loads, dynamic = [], None
        for at in range(header_at, header_at + entry_size * count, entry_size):
            kind, _, offset, address, _, size = struct.unpack_from("<IIQQQQ", data, at)
            if kind == 1:  # PT_LOAD: where the strings' address is in the file
                loads.append((address, offset, size))
            elif kind == 2:  # PT_DYNAMIC
                dynamic = (offset, size)
        if dynamic is None:
            return []
        names, strings = [], 0
        for at in range(dynamic[0], dynamic[0] + dynamic[1], 16):
            tag, value = struct.unpack_from("<qQ", data, at)
            if tag == 0:
                break
            if tag == 1:  # DT_NEEDED: an offset into the string table
                names.append(value)
            elif tag == 5:  # DT_STRTAB
                strings = value
        base = next(offset + strings - address for address, offset, size in loads
                    if address <= strings < address + size)
        return [data[base + n:data.find(b"\0", base + n)].decode() for n in names]


def stripped(binaries: list[tuple], folder: Path) -> list[tuple]:
    """``binaries`` with each Linux library's symbols and debugging information stripped
    (Python's own library comes with 17 MB of it), from copies kept in ``folder``. Not the
    libraries auditwheel grafted into a ``*.libs`` folder: strip breaks their layout
    ("ELF load command address/offset not page-aligned")."""
    result = []
    for dest, source, kind in binaries:
        grafted = any(part.endswith(".libs") for part in Path(dest).parts[:-1])
        if kind == "SYMLINK" or grafted or not is_elf(source):
            result.append((dest, source, kind))
            continue
        copy = folder / dest
        if not copy.exists() or copy.stat().st_mtime < Path(source).stat().st_mtime:
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, copy)
            subprocess.run(["strip", str(copy)], check=True)
        result.append((dest, str(copy), kind))
    return result


def is_elf(path: str) -> bool:
    """Whether ``path`` is a 64-bit little-endian ELF file."""
    with open(path, "rb") as file:
        return file.read(6) == b"\x7fELF\x02\x01"
