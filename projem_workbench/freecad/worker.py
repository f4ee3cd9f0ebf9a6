# SPDX-License-Identifier: LGPL-2.1-or-later
"""Work done inside FreeCAD, called in-process or from ``freecadcmd`` by
:mod:`projem_workbench.freecad.runner`.

Each action takes and returns plain JSON-able dicts and imports FreeCAD only when it runs, so
this module needs nothing but the standard library and FreeCAD: ``freecadcmd`` can run it with
only Projem's own folder on its path. Under ``freecadcmd``, :func:`main` reads the request
from the file named by ``PROJEM_WORKER_REQUEST`` and writes the answer (or the error) to
``PROJEM_WORKER_RESPONSE``; FreeCAD's own console output never mixes with it.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable, Mapping
from typing import Any

from projem_workbench.errors import CamError, ProjemError


def measure(request: Mapping[str, Any]) -> dict[str, Any]:
    """Volume, area, bounding box and solid count of the document's end results, and the
    objects FreeCAD could not restore (a type from a workbench it lacks) or compute."""
    import FreeCAD

    from projem_workbench.cam.job_builder import already_open, open_document, result_objects
    from projem_workbench.freecad.document_file import read_document_file

    was_open = already_open()
    doc = open_document(request["document"])
    try:
        solids = [solid for obj in result_objects(doc) for solid in obj.Shape.Solids]
        result: dict[str, Any] = {
            "freecad_version": ".".join(FreeCAD.Version()[:3]),
            "solids": len(solids),
        }
        listed = read_document_file(request["document"])["objects"]
        missing = [f"{o['name']} ({o['type']})" for o in listed if doc.getObject(o["name"]) is None]
        if missing:
            result["objects_not_loaded"] = missing
        failed = [o.Name for o in doc.Objects if {"Invalid", "Error"} & set(o.State)]
        if failed:
            result["objects_in_error"] = failed
        if solids:
            box = solids[0].BoundBox
            for solid in solids[1:]:
                box.add(solid.BoundBox)
            result.update(
                volume_mm3=round(sum(s.Volume for s in solids), 6),
                area_mm2=round(sum(s.Area for s in solids), 6),
                bounding_box_mm=[
                    round(v, 6)
                    for v in (box.XMin, box.YMin, box.ZMin, box.XMax, box.YMax, box.ZMax)
                ],
            )
        return result
    finally:
        if doc.Name not in was_open:
            FreeCAD.closeDocument(doc.Name)


def features(request: Mapping[str, Any]) -> dict[str, Any]:
    """The machining features of the document's part (see :mod:`projem_workbench.cam.features`)."""
    import FreeCAD

    from projem_workbench.cam import features as found
    from projem_workbench.cam.job_builder import already_open, model_object, open_document

    was_open = already_open()
    doc = open_document(request["document"])
    try:
        part = model_object(doc, request.get("object"))
        answer = found.analyse(part.Shape, diameters=request.get("diameters", ()))
        answer["object"] = part.Name
        answer["freecad_version"] = ".".join(FreeCAD.Version()[:3])
        return answer
    finally:
        if doc.Name not in was_open:
            FreeCAD.closeDocument(doc.Name)


def surface(request: Mapping[str, Any]) -> dict[str, Any]:
    """The part's mesh for the simulator, written as binary STL to ``request["path"]``."""
    import FreeCAD

    from projem_workbench.cam.job_builder import (
        already_open,
        model_object,
        open_document,
        write_surface,
    )

    was_open = already_open()
    doc = open_document(request["document"])
    try:
        part = model_object(doc, request.get("object"))
        return {
            "object": part.Name,
            "triangles": write_surface(part.Shape, request["path"]),
            "freecad_version": ".".join(FreeCAD.Version()[:3]),
        }
    finally:
        if doc.Name not in was_open:
            FreeCAD.closeDocument(doc.Name)


def run_cam(request: Mapping[str, Any]) -> dict[str, Any]:
    from projem_workbench.cam import job_builder

    return job_builder.run(request)


def check_cam(request: Mapping[str, Any]) -> dict[str, Any]:
    from projem_workbench.cam import job_builder

    return job_builder.check(request)


def sample_part(request: Mapping[str, Any]) -> dict[str, Any]:
    from projem_workbench.cam import sample_parts

    return sample_parts.build(request["name"], request["path"])


ACTIONS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "measure": measure,
    "features": features,
    "surface": surface,
    "run": run_cam,
    "check": check_cam,
    "sample_part": sample_part,
}


def handle(action: str, request: Mapping[str, Any]) -> dict[str, Any]:
    return ACTIONS[action](request)


# What each action imports up front when its worker is started before its request arrives.
PRELOAD = {
    "run": "projem_workbench.cam.job_builder",
    "check": "projem_workbench.cam.job_builder",
    "features": "projem_workbench.cam.features",
}


def _read_stdin() -> bytes:
    """All of standard input (read on the descriptor: FreeCAD may have replaced
    ``sys.stdin``)."""
    chunks = []
    while chunk := os.read(0, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def main() -> None:
    """The ``freecadcmd`` entry point. The message (the action and its request) comes from
    the file named by ``PROJEM_WORKER_REQUEST``, or, for a worker started ahead of it, on
    standard input once the modules it will need are loaded. The answer goes to a file."""
    preload = os.environ.get("PROJEM_WORKER_PRELOAD")
    if preload:
        import gc
        import importlib

        # As the projem command does: no collections while FreeCAD's modules load, and what
        # they leave frozen out of the collections the run itself triggers.
        gc.disable()
        module = importlib.import_module(PRELOAD.get(preload, __name__))
        getattr(module, "preload", lambda: None)()
        gc.freeze()
        gc.enable()
        message = json.loads(_read_stdin() or b"{}")
    else:
        with open(os.environ["PROJEM_WORKER_REQUEST"], encoding="utf-8") as handle_in:
            message = json.load(handle_in)
    try:
        answer: dict[str, Any] = {"result": handle(message["action"], message["request"])}
    except Exception as exc:  # every failure goes back to the caller, who decides what it means
        answer = {
            "error": str(exc) or type(exc).__name__,
            "expected": isinstance(exc, ProjemError),
            "cam": isinstance(exc, CamError),
            "traceback": traceback.format_exc(),
        }
    with open(os.environ["PROJEM_WORKER_RESPONSE"], "w", encoding="utf-8") as handle_out:
        json.dump(answer, handle_out)
    # FreeCAD's own shutdown (unloading its modules, collecting their objects, ~0.1 s) would
    # only delay the caller, who waits for this process to end; what that shutdown must not
    # skip is done here: documents an action left open are closed (removing their temporary
    # folders) and the console output is flushed.
    app = sys.modules.get("FreeCAD")
    for name in list(app.listDocuments()) if app is not None else ():
        app.closeDocument(name)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
