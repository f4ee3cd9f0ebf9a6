# SPDX-License-Identifier: LGPL-2.1-or-later
"""FCStd files made without FreeCAD: a zip with a Document.xml, for store and library tests."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

DOCUMENT_XML = """<?xml version='1.0' encoding='utf-8'?>
<Document SchemaVersion="4" ProgramVersion="1.1R0 (Git)" FileVersion="1">
  <Objects Count="{count}">{objects}</Objects>
  <ObjectData Count="{count}">{data}</ObjectData>
</Document>
"""


def synthetic_fcstd(
    path: Path,
    objects: dict[str, str],
    *,
    payload_mb: int = 0,
    seed: bytes = b"",
    thumbnail: bytes | None = None,
) -> Path:
    """A document listing ``objects`` (name -> type) plus ``payload_mb`` of incompressible
    bytes (so its size is real), varied by ``seed``."""
    listed = "".join(f'<Object type="{t}" name="{n}" id="{i}"/>' for i, (n, t) in
                     enumerate(objects.items(), start=1))  # fmt: skip
    data = "".join(
        f'<Object name="{n}"><Properties Count="1">'
        f'<Property name="Label" type="App::PropertyString">'
        f'<String value="{n} label"/></Property></Properties></Object>'
        for n in objects
    )
    xml = DOCUMENT_XML.format(count=len(objects), objects=listed, data=data)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("Document.xml", xml)
        archive.writestr("seed", seed)
        if thumbnail is not None:
            archive.writestr("thumbnails/Thumbnail.png", thumbnail)
        if payload_mb:
            archive.writestr("payload.brp", os.urandom(payload_mb << 20))
    return path


def corrupt_deflate_fcstd(path: Path, objects: dict[str, str]) -> Path:
    """A document whose Document.xml is deflated and then damaged: its stream opens with an
    invalid block type, so inflating it fails (zlib) before any CRC is checked."""
    synthetic = synthetic_fcstd(path.with_suffix(".plain"), objects)
    with zipfile.ZipFile(synthetic) as plain, zipfile.ZipFile(path, "w") as archive:
        for info in plain.infolist():
            archive.writestr(info.filename, plain.read(info), compress_type=zipfile.ZIP_DEFLATED)
    synthetic.unlink()
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("Document.xml")
    data = bytearray(path.read_bytes())
    # The local header: 30 bytes, then the name and the extra field, then the stream.
    name_length = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_length = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    stream = info.header_offset + 30 + name_length + extra_length
    data[stream] = 0xFF  # final block, type 3: reserved, "invalid block type"
    path.write_bytes(bytes(data))
    return path
