"""One warm LibreOffice, driven through UNO: run by the *system* Python, which has ``uno``.

This file is a script, not part of the package's import graph: Debian's ``python3-uno``
belongs to ``/usr/bin/python3``, not to a virtual environment. The build starts it as

    python3 uno_worker.py SOFFICE PROFILE_URL PIPE_NAME NUMERALS

with ``FONTCONFIG_FILE`` set, and talks to it in JSON lines: one request per line on stdin,
one reply per line on stdout. The worker starts its own soffice (same process group) on the
profile it is given, waits until it accepts a UNO connection, sets LibreOffice's
CTLTextNumerals to NUMERALS (0 Arabic, 3 by the text's language) once and for all, says ``{"ready": true, "pid": …}``, then converts

    {"docx": "/abs/in.docx", "pdf": "/abs/out.pdf"}
    → {"ok": true} | {"ok": false, "error": "…", "fatal": true|false}

On end of input (the build is done, or died) it closes soffice and exits. Only the standard
library and ``uno`` are used here. The filter is named, so LibreOffice skips type detection.

    python3 uno_worker.py SOFFICE PROFILE_URL PIPE_NAME NUMERALS SOFFICE_PID

attaches to a soffice already running on that pipe (a resident saraban's, started with that
profile and numeral style: generator/resident) instead of starting one, and leaves it running at
the end.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

CONNECT_SECONDS = 60
CTL_NODE = "/org.openoffice.Office.Common/I18N/CTL"
# Word names its watermark shapes so; the draft mark (generator/render/draft_mark.py) is one.
WATERMARK_NAME = "PowerPlusWaterMarkObject"
# What the word keeps of its text box when it becomes the shape's own text.
CHARACTER_PROPERTIES = tuple(f"Char{name}{script}" for name in ("FontName", "Height", "Weight", "Locale")
                             for script in ("", "Asian", "Complex")) + ("CharColor",)
PARAGRAPH_CENTRED = 3        # com.sun.star.style.ParagraphAdjust.CENTER (the property is a short)


# PDF/A-2b (SelectPdfVersion 2): fonts embedded whole or subset, an sRGB output intent, XMP.
# The finish stage keeps the claim or drops it (agency.yaml ``pdf: {standard: none}``); the same
# setting is the one-shot engine's PDF_FILTER (generator/pdf/engines/libreoffice.py; a test ties them).
PDF_EXPORT = {"SelectPdfVersion": 2}


def prop(name, value):
    return PropertyValue(Name=name, Value=value)


def start_soffice(soffice, profile_url, pipe):
    command = [soffice, f"-env:UserInstallation={profile_url}", "--headless", "--invisible",
               "--nologo", "--nodefault", "--norestore", "--nolockcheck",
               f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"]
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


class Running:
    """A soffice this worker did not start, as much of a ``Popen`` as :func:`connect` asks of it."""

    def __init__(self, pid):
        self.pid, self.returncode = pid, None

    def poll(self):
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            self.returncode = -1
        except PermissionError:
            pass
        return self.returncode


def connect(pipe, process):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise RuntimeError(f"LibreOffice did not accept a connection within {CONNECT_SECONDS} s")
            if process.poll() is not None and process.returncode not in (0, 81):
                raise RuntimeError(f"LibreOffice exited with code {process.returncode} while starting")
            time.sleep(0.05)


class Office:
    def __init__(self, context, numerals):
        smgr = context.ServiceManager
        self.desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        # The profile says so too; set it again before the first document, to be sure.
        provider = smgr.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider", context)
        ctl = provider.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationUpdateAccess", (prop("nodepath", CTL_NODE),))
        ctl.setPropertyValue("CTLTextNumerals", numerals)
        ctl.commitChanges()

    def convert(self, docx, pdf):
        document = self.desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(docx), "_blank", 0,
            (prop("Hidden", True), prop("ReadOnly", True), prop("UpdateDocMode", 0),
             prop("FilterName", "MS Word 2007 XML")))
        if document is None:
            raise RuntimeError("LibreOffice could not open the file")
        try:
            turn_watermark_text(document)
            filter_data = uno.Any("[]com.sun.star.beans.PropertyValue",
                                  tuple(prop(name, value) for name, value in PDF_EXPORT.items()))
            document.storeToURL(uno.systemPathToFileUrl(pdf),
                                (prop("FilterName", "writer_pdf_Export"), prop("FilterData", filter_data)))
        finally:
            document.close(True)

    def quit(self):
        try:
            self.desktop.terminate()
        except Exception:
            pass


def turn_watermark_text(document):
    """LibreOffice 7.4 cannot turn a Writer text frame, so the text of a watermark that is a
    turned text box (Word's shape with its text in ``w:txbxContent``) would stay level while its
    box turns. Give such a shape its text as its own, with the same characters and look, centred:
    a shape's own text turns with it. Other shapes are left as they are."""
    page = document.getDrawPage()
    for shape in [page.getByIndex(index) for index in range(page.getCount())]:
        if (shape.supportsService("com.sun.star.drawing.CustomShape")
                and shape.getName().startswith(WATERMARK_NAME) and shape.TextBox and shape.RotateAngle):
            try:
                _give_shape_its_text(shape)
            except Exception:             # noqa: BLE001 - cosmetic: a mark left level beats a failed letter
                pass


def _give_shape_its_text(shape):
    """The text box's text as the shape's own, with its look, centred."""
    frame = shape.TextBoxContent
    first = frame.getText().createTextCursor()
    first.goRight(1, True)
    look = {name: first.getPropertyValue(name) for name in CHARACTER_PROPERTIES}
    text = frame.getString()
    shape.TextBox = False                       # drops the frame
    shape.setString(text)
    whole = shape.getText().createTextCursor()
    whole.gotoEnd(True)
    for name, value in look.items():
        whole.setPropertyValue(name, value)
    whole.setPropertyValue("ParaAdjust", PARAGRAPH_CENTRED)
    shape.TextHorizontalAdjust = uno.Enum("com.sun.star.drawing.TextHorizontalAdjust", "CENTER")
    shape.TextVerticalAdjust = uno.Enum("com.sun.star.drawing.TextVerticalAdjust", "CENTER")
    shape.TextWordWrap = False
    for side in ("Left", "Right", "Upper", "Lower"):
        shape.setPropertyValue(f"Text{side}Distance", 0)


def reply(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def serve(office):
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            office.convert(request["docx"], request["pdf"])
        except Exception as exc:  # UNO raises its own exception types; report and go on
            name = type(exc).__name__
            reply({"ok": False, "error": f"{name}: {getattr(exc, 'Message', '') or exc}",
                   "fatal": name in ("DisposedException", "RuntimeException")})
        else:
            reply({"ok": True})


def main():
    soffice, profile_url, pipe, numerals = sys.argv[1:5]
    attached = len(sys.argv) > 5
    process = Running(int(sys.argv[5])) if attached else start_soffice(soffice, profile_url, pipe)
    office = None
    try:
        office = Office(connect(pipe, process), int(numerals))
        reply({"ready": True, "pid": process.pid})
        serve(office)
    except Exception as exc:
        reply({"ready": False, "error": f"{type(exc).__name__}: {exc}"})
    finally:
        if not attached:           # a running soffice of a resident saraban is left running
            stop(office, process)


def stop(office, process):
    if office is not None:
        office.quit()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        if os.getpgid(0) == os.getpid():     # our own process group: soffice.bin is in it too
            os.killpg(0, signal.SIGKILL)
        process.kill()


if __name__ == "__main__":
    main()
