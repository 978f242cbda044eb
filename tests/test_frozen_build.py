"""What the frozen build leaves out, its icon and its Windows version information, checked
without building it (scripts/smoke_frozen.sh builds and runs it; CI runs that).

build.spec takes its excludes and its rule for dropped files from scripts/frozen_parts.py:
no module cspdesk or ui imports may be excluded, and no Qt library or plugin the window
loads may be dropped, or only the frozen program would break."""

from __future__ import annotations

import ast
import importlib.util
import re
import struct
import sys
from pathlib import Path

import PySide6
import pytest
from PySide6.QtGui import QImage

import cspdesk
from ui.app import create_application

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("frozen_parts", ROOT / "scripts" / "frozen_parts.py")
frozen_parts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(frozen_parts)


def imported_names() -> set[str]:
    """Every module cspdesk, ui and the frozen program's entry script import, anywhere (lazy
    imports inside functions and importlib.import_module("...") included)."""
    paths = [*(ROOT / "cspdesk").rglob("*.py"), *(ROOT / "ui").rglob("*.py"),
             ROOT / "scripts" / "cspdesk_frozen.py"]
    found: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module"
                  and node.args and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found


def excluded(name: str) -> bool:
    return any(name == gone or name.startswith(gone + ".") for gone in frozen_parts.EXCLUDES)


def test_the_frozen_build_excludes_no_module_that_cspdesk_or_ui_imports():
    names = imported_names()
    assert {"PySide6.QtNetwork", "PySide6.QtPrintSupport", "ui.single_instance", "docx",
            "hashlib"} <= names  # the parse finds lazy and by-name imports too
    assert sorted(name for name in names if excluded(name)) == []


def test_it_keeps_what_the_libraries_cspdesk_uses_import():
    """pyqtgraph imports pydoc, QtOpenGL and (if there) QtSvg and QtOpenGLWidgets; python-docx
    needs lxml.etree; hashlib without OpenSSL falls back on Python's own SHA-1 and SHA-256;
    pyqtgraph's plot menu offers an FFT (numpy.fft)."""
    needed = ["pydoc", "PySide6.QtOpenGL", "PySide6.QtSvg", "PySide6.QtOpenGLWidgets",
              "lxml.etree", "_sha1", "_sha256", "numpy.fft", "sqlite3", "openpyxl"]
    assert [name for name in needed if excluded(name)] == []
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert "excludes=EXCLUDES" in spec and "if not unused(entry[0])" in spec


def qt_modules_loaded() -> set[str]:
    from_ui = {name.split(".")[1] for name in imported_names() if name.startswith("PySide6.Qt")}
    return from_ui | {"QtOpenGL", "QtOpenGLWidgets", "QtSvg", "QtDBus", "QtXcbQpa"}


def test_no_qt_library_the_program_loads_is_dropped():
    modules = qt_modules_loaded()
    for module in sorted(modules):
        short = module[2:]
        for dest in (f"PySide6/Qt/lib/libQt6{short}.so.6", f"PySide6\\Qt6{short}.dll",
                     f"PySide6/{module}.abi3.so", f"PySide6\\{module}.pyd"):
            assert not frozen_parts.unused(dest), dest
    installed = Path(PySide6.__file__).parent
    loaded = [path for path in installed.rglob("*Qt6*")
              if any(f"Qt6{module[2:]}." in path.name for module in modules)]
    assert loaded  # the libraries of the installed PySide6, as the build finds them
    for path in loaded:
        assert not frozen_parts.unused(path.relative_to(installed.parent).as_posix()), path


@pytest.mark.parametrize("plugin", [
    "platforms/libqxcb.so", "platforms/libqoffscreen.so", "platforms/qwindows.dll",
    "styles/qmodernwindowsstyle.dll", "styles/qwindowsvistastyle.dll",
    "imageformats/libqsvg.so", "imageformats/qsvg.dll", "imageformats/qico.dll",
    "iconengines/libqsvgicon.so", "iconengines/qsvgicon.dll",
    "printsupport/libcupsprintersupport.so", "platformthemes/libqxdgdesktopportal.so",
    "xcbglintegrations/libqxcb-glx-integration.so",
    "platforminputcontexts/libcomposeplatforminputcontextplugin.so",
])
def test_the_plugins_the_window_loads_stay(plugin):
    assert not frozen_parts.unused("PySide6/Qt/plugins/" + plugin)
    assert not frozen_parts.unused("PySide6\\plugins\\" + plugin.replace("/", "\\"))


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/translations/qtbase_de.qm", "PySide6\\translations\\qt_fr.qm",
    "PySide6/Qt/plugins/platforms/libqvnc.so", "PySide6/Qt/plugins/platforms/libqwayland-egl.so",
    "PySide6/Qt/plugins/imageformats/libqjpeg.so", "PySide6\\plugins\\imageformats\\qwebp.dll",
    "PySide6/Qt/plugins/tls/libqopensslbackend.so", "PySide6\\plugins\\tls\\qschannelbackend.dll",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so", "PySide6/Qt/lib/libQt6WaylandClient.so.6",
    "PySide6\\opengl32sw.dll", "PySide6/Qt/lib/libQt6Pdf.so.6",
    "pyqtgraph/icons/peegee/peegee_512px.png",
])
def test_what_the_program_never_loads_is_dropped(dest):
    assert frozen_parts.unused(dest)


def test_only_the_libraries_something_kept_needs_stay():
    """The GTK theme plugin is dropped: cairo, which only it needed, goes; CUPS is left to the
    machine (and what only it needed goes with it); Python's library stays though nothing
    links to it (the program loads it)."""
    links = {
        "src/libqxcb.so": ["libQt6XcbQpa.so.6", "libxcb.so.1"],
        "src/libQt6XcbQpa.so.6": ["libX11.so.6"], "src/libX11.so.6": ["libxcb.so.1"],
        "src/libcupsprintersupport.so": ["libcups.so.2"], "src/libcups.so.2": ["libgnutls.so.30"],
        "src/libcairo.so.2": ["libpixman-1.so.0"],
    }
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "src/libqxcb.so", "BINARY"),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
         "src/libcupsprintersupport.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "src/libQt6XcbQpa.so.6", "BINARY"),
        ("libQt6XcbQpa.so.6", "PySide6/Qt/lib/libQt6XcbQpa.so.6", "SYMLINK"),
        *((name, f"src/{name}", "BINARY") for name in (
            "libX11.so.6", "libxcb.so.1", "libcups.so.2", "libgnutls.so.30", "libcairo.so.2",
            "libpixman-1.so.0", "libpython3.11.so.1.0")),
    ]
    kept = frozen_parts.only_needed_libraries(binaries, lambda source: links.get(source, []))
    assert sorted(entry[0] for entry in binaries if entry not in kept) == [
        "libcairo.so.2", "libcups.so.2", "libgnutls.so.30", "libpixman-1.so.0"]


@pytest.mark.skipif(sys.platform != "linux", reason="ELF files are Linux's")
def test_it_reads_the_libraries_a_linux_library_links_to(tmp_path):
    network = Path(PySide6.__file__).parent / "QtNetwork.abi3.so"
    assert {"libQt6Network.so.6", "libQt6Core.so.6"} <= set(frozen_parts.elf_needed(str(network)))
    assert frozen_parts.elf_needed(str(ROOT / "README.md")) == []
    (tmp_path / "empty.so").write_bytes(b"")
    assert frozen_parts.elf_needed(str(tmp_path / "empty.so")) == []


# Stand-ins for PyInstaller's version classes (PyInstaller.utils.win32.versioninfo), with
# their parameters: a misspelt one fails here as it would on Windows.
def VSVersionInfo(ffi=None, kids=None):  # noqa: N802
    return {"ffi": ffi, "kids": kids}


def FixedFileInfo(filevers=(0, 0, 0, 0), prodvers=(0, 0, 0, 0), mask=0x3F, flags=0,  # noqa: N802
                  OS=0x40004, fileType=1, subtype=0, date=(0, 0)):  # noqa: N803
    return {"filevers": filevers, "prodvers": prodvers, "fileType": fileType}


def StringFileInfo(kids=None):  # noqa: N802
    return kids


def StringTable(name=None, kids=None):  # noqa: N802
    return {"name": name, "strings": dict(kids)}


def StringStruct(name=None, val=None):  # noqa: N802
    return (name, val)


def VarFileInfo(kids=None):  # noqa: N802
    return kids


def VarStruct(name=None, kids=None):  # noqa: N802
    return (name, kids)


def test_the_windows_version_information_is_cspdesk_version():
    """PyInstaller evaluates the version file into its VSVersionInfo (on Windows only)."""
    info = eval(frozen_parts.version_info_text(cspdesk.__version__), globals())  # noqa: S307
    four = frozen_parts.windows_version(cspdesk.__version__)
    assert info["ffi"]["filevers"] == info["ffi"]["prodvers"] == four
    assert info["ffi"]["fileType"] == 1  # an application
    assert frozen_parts.windows_version("0.1.0") == (0, 1, 0, 0)
    assert frozen_parts.windows_version("2.10") == (2, 10, 0, 0)
    [table] = info["kids"][0]
    assert table["name"] == "080904B0"  # English (United Kingdom), Unicode
    assert table["strings"]["ProductVersion"] == cspdesk.__version__
    assert table["strings"]["FileVersion"] == cspdesk.__version__
    assert table["strings"]["OriginalFilename"] == "cspdesk.exe"
    assert info["kids"][1] == [("Translation", [2057, 1200])]


def ico_sizes(path: Path) -> dict[int, QImage]:
    data = path.read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1)  # an icon file
    images = {}
    for n in range(count):
        width, height, _, _, _, _, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * n)
        image = QImage.fromData(data[offset:offset + size])
        assert (image.width(), image.height()) == (width or 256, height or 256)
        images[width or 256] = image
    return images


def test_the_icon_has_every_size_windows_shows(qapp):
    icons = ROOT / "resources" / "icons"
    images = ico_sizes(icons / "cspdesk.ico")
    assert {16, 24, 32, 48, 256} <= set(images)
    assert images[256].pixelColor(128, 30).name() == "#1f4e79"  # the shield's blue
    png = QImage(str(icons / "cspdesk.png"))
    assert (png.width(), png.height()) == (256, 256)
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert '"cspdesk.ico"' in spec and "icon=str(ICON)" in spec


def test_the_window_has_the_program_icon(qapp):
    icon = create_application().windowIcon()
    assert not icon.isNull()
    image = icon.pixmap(256, 256).toImage()
    assert image.pixelColor(128, 30).name() == "#1f4e79"


def test_modules_loaded_by_name_are_in_the_build():
    """PyInstaller follows only plain imports: whatever is loaded by name when first used
    (the tabs, the commands, the GUI from the CLI, pyqtgraph for the charts) must be a
    hidden import, or the frozen program stops with ModuleNotFoundError when it gets there
    (it did: 'No module named ui.meetings' once the tabs were made when first chosen)."""
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    collected = set(re.findall(r'collect_submodules\("([\w.]+)"\)', spec))
    hidden = re.search(r"hiddenimports = \((.*?\])\)", spec, re.S)
    assert hidden is not None
    listed = set(re.findall(r'"([\w.]+)"', hidden.group(1))) - collected
    assert {"cspdesk", "ui"} <= collected
    by_name = set()
    for path in [*(ROOT / "cspdesk").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        by_name.update(re.findall(r'import_module\("([\w.]+)"\)', text))
        by_name.update(re.findall(r'"((?:ui|cspdesk)\.[\w.]+):\w+"', text))  # "module:Name"
    assert by_name, "the scan finds the modules loaded by name"
    missing = sorted(name for name in by_name
                     if name.split(".")[0] not in collected and name not in listed)
    assert missing == []
