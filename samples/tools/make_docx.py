#!/usr/bin/env python3
"""Regenerate the Word (.docx) interview transcripts of the sample study.

Each transcript source is a plain-text file next to this script, one turn per
line as "Name: text" (blank lines are ignored). The generated DOCX is the
smallest valid WordprocessingML package: [Content_Types].xml, _rels/.rels and
word/document.xml with one paragraph per turn. Only the standard library is
used, and the zip entries carry a fixed timestamp so that regenerating an
unchanged source gives byte-identical output.

Usage:  python3 samples/tools/make_docx.py        (writes samples/interviews/*.docx)
"""
import pathlib
import zipfile
from xml.sax.saxutils import escape

HERE = pathlib.Path(__file__).resolve().parent
OUT_DIR = HERE.parent / "interviews"

# source text file (in this folder) -> generated file (in ../interviews)
TRANSCRIPTS = {
    "04-controller-calder.txt": "04-controller-calder.docx",
    "11-ap-larkspur.txt": "11-ap-larkspur.docx",
}

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)

RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    "</Relationships>"
)

FIXED_TIME = (2026, 1, 1, 0, 0, 0)


def read_turns(path):
    turns = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if ": " not in line:
            raise SystemExit(f"{path.name}:{n}: expected 'Name: text'")
        turns.append(line)
    return turns


def document_xml(turns):
    paras = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(t)}</w:t></w:r></w:p>' for t in turns
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{paras}<w:sectPr/></w:body></w:document>"
    )


def write_docx(dest, turns):
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("word/document.xml", document_xml(turns)),
        ):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data.encode("utf-8"))


def main():
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for src, out in TRANSCRIPTS.items():
        turns = read_turns(HERE / src)
        write_docx(OUT_DIR / out, turns)
        print(f"{out}: {len(turns)} turns")


if __name__ == "__main__":
    main()
