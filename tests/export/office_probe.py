"""Read .docx files as LibreOffice lays them out, after its own Accept All or Reject All.

Run by a Python that can `import uno` (the system's /usr/bin/python3), never by the venv:
`python3 office_probe.py JOB.json`. The job names the pipe of a running headless soffice,
the mode ("accept", "reject" or "as_is"), the files and an output path. For each file it
appends two JSON lines to the output: {"start": path} before touching it, then its stories
(or {"path", "error"}). tests/export/office.py starts soffice, runs this, and reads the lines
back; a file that crashed soffice is the one with a "start" and no result.

Stories: body paragraphs in document order (table cells included) as "LABEL<tab>TEXT" with
the paragraph's ListLabelString; header and footer texts of the page styles in use; footnote
and endnote texts; the text of text frames and shapes (text boxes).
"""

import json
import sys
import time

import uno
from com.sun.star.beans import PropertyValue, UnknownPropertyException
from com.sun.star.lang import DisposedException

TRACKED_ROW_DUMMY = "\u200d"
ZERO_WIDTH_SPACE = "\u200b"
DISPATCH = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}
# Header/footer texts read per page style: first page, left (even) pages, right (default).
HEADER_FOOTER = (
    ("header", "HeaderIsOn", ("HeaderTextFirst", "HeaderTextLeft", "HeaderText")),
    ("footer", "FooterIsOn", ("FooterTextFirst", "FooterTextLeft", "FooterText")),
)


def prop(name, value):
    """Return a com.sun.star.beans.PropertyValue."""
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe, seconds):
    """Return the component context of the soffice listening on `pipe`, waiting while it starts."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + seconds
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # noqa: BLE001 - NoConnectException until soffice listens
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


def normal(text):
    """Return `text` with every run of whitespace (non-breaking spaces included) made one space.

    Zero-width spaces are dropped: LibreOffice anchors a tracked text box or picture on U+200B
    dummies and leaves them after Accept All.
    """
    return " ".join(text.replace(ZERO_WIDTH_SPACE, "").split())


def paragraph_lines(text):
    """Return the non-empty paragraphs of an XText as "LABEL\\tTEXT", tables' cells included."""
    lines = []
    enum = text.createEnumeration()
    while enum.hasMoreElements():
        part = enum.nextElement()
        if part.supportsService("com.sun.star.text.TextTable"):
            for name in part.getCellNames():
                lines += paragraph_lines(part.getCellByName(name).getText())
            continue
        if not part.supportsService("com.sun.star.text.Paragraph"):
            continue
        body = normal(part.getString())
        # LibreOffice (7.2+) keeps an empty cell's tracked row change on a dummy U+200D, and 7.4
        # leaves it there after Accept All: such a cell is empty, as in Word.
        body = "" if body == TRACKED_ROW_DUMMY else body
        label = normal(list_label(part))
        if body or label:
            lines.append(f"{label}\t{body}" if label else body)
    return lines


def list_label(paragraph):
    """Return a Writer paragraph's list label as laid out ("" for a drawing shape's paragraph)."""
    try:
        return paragraph.getPropertyValue("ListLabelString") or ""
    except UnknownPropertyException:
        return ""


def used_page_styles(doc):
    """Return the page styles the body's paragraphs sit on, in order of first use."""
    names = []
    enum = doc.getText().createEnumeration()
    while enum.hasMoreElements():
        part = enum.nextElement()
        try:
            name = part.getPropertyValue("PageStyleName")
        except Exception:  # noqa: BLE001 - a table has no PageStyleName in some versions
            continue
        if name and name not in names:
            names.append(name)
    return names


def header_footer(doc):
    """Return {"header": [...], "footer": [...]} of the page styles in use, each distinct text once."""
    styles = doc.getStyleFamilies().getByName("PageStyles")
    out = {"header": [], "footer": []}
    for name in used_page_styles(doc) or list(styles.getElementNames()):
        style = styles.getByName(name)
        for kind, switch, attributes in HEADER_FOOTER:
            if not style.getPropertyValue(switch):
                continue
            for attribute in attributes:
                text = style.getPropertyValue(attribute)
                joined = "\n".join(paragraph_lines(text)) if text is not None else ""
                # A shared first or left text reads as the right one: keep each text once.
                if joined and joined not in out[kind]:
                    out[kind].append(joined)
    return out


def notes(collection):
    """Return each footnote's (or endnote's) paragraphs joined by newlines, in order."""
    return ["\n".join(paragraph_lines(collection.getByIndex(k))) for k in range(collection.getCount())]


def frames(doc):
    """Return the texts of text frames and of shapes with text (text boxes), in the draw page's order."""
    out = []
    page = doc.getDrawPage()
    for k in range(page.getCount()):
        shape = page.getByIndex(k)
        if not hasattr(shape, "getText"):
            continue
        text = shape.getText()
        joined = "\n".join(paragraph_lines(text)) if hasattr(text, "createEnumeration") else normal(text.getString())
        if joined:
            out.append(joined)
    return out


def redline_count(doc):
    """Return how many tracked changes the document still holds."""
    enum = doc.getRedlines().createEnumeration()
    count = 0
    while enum.hasMoreElements():
        enum.nextElement()
        count += 1
    return count


def read(desktop, helper, path, mode):
    """Load one file hidden, accept or reject its changes, and return its stories."""
    url = uno.systemPathToFileUrl(path)
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (
        prop("Hidden", True), prop("MacroExecutionMode", 0), prop("UpdateDocMode", 0),
    ))
    if doc is None:
        return {"path": path, "error": "LibreOffice could not open the file"}
    try:
        before = redline_count(doc)
        if mode in DISPATCH:
            helper.executeDispatch(doc.getCurrentController().getFrame(), DISPATCH[mode], "", 0, ())
        left = redline_count(doc)
        stories = header_footer(doc)
        return {
            "path": path, "redlines": before, "redlines_left": left,
            "body": paragraph_lines(doc.getText()),
            "headers": stories["header"], "footers": stories["footer"],
            "footnotes": notes(doc.getFootnotes()), "endnotes": notes(doc.getEndnotes()),
            "frames": frames(doc),
        }
    finally:
        doc.close(True)


def main(job_path):
    with open(job_path, encoding="utf-8") as handle:
        job = json.load(handle)
    ctx = connect(job["pipe"], job.get("connect_seconds", 60))
    smgr = ctx.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    helper = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    with open(job["output"], "a", encoding="utf-8") as out:
        for path in job["paths"]:
            out.write(json.dumps({"start": path}) + "\n")
            out.flush()
            try:
                result = read(desktop, helper, path, job["mode"])
            except DisposedException:
                return 2  # soffice died on this file: its "start" line, alone, says which
            except Exception as exc:  # noqa: BLE001 - one bad file is reported, the rest still read
                result = {"path": path, "error": f"{type(exc).__name__}: {exc}"[:300]}
            out.write(json.dumps(result) + "\n")
            out.flush()
    try:
        desktop.terminate()
    except Exception:  # noqa: BLE001 - the bridge drops as soffice exits
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
