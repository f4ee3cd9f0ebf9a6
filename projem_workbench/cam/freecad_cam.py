# SPDX-License-Identifier: LGPL-2.1-or-later
"""The adapter over FreeCAD's CAM module: the one place Projem imports it.

FreeCAD 0.20/0.21 keep CAM in ``PathScripts.Path*``; 1.0 moved it to ``Path.Main``, ``Path.Op``,
``Path.Tool`` and ``Path.Post``; 1.1 made tool bits assets built with ``ToolBit.from_dict``.
Property names are nearly the same in all three; the few that differ are mapped in
:data:`RENAMED`. Everything above this module speaks in Projem's terms (operation kinds,
millimetres, mm/min) and never imports FreeCAD's CAM modules; the table of kinds
(:mod:`.operations`) names each kind's module for this one to import.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import importlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from types import ModuleType, SimpleNamespace
from typing import Any

import FreeCAD

from projem_workbench.cam.operations import OPERATIONS
from projem_workbench.errors import CamError

# Properties whose name depends on the FreeCAD version: Projem's name -> {flavour: FreeCAD's}.
RENAMED = {
    "RetractMode": {"0.20": "ReturnLevel"},
    "ClearingPattern": {"0.20": "OffsetPattern", "1.0": "OffsetPattern"},
}
POST_PACKAGES = {"0.20": "PathScripts.post", "1.0": "Path.Post.scripts", "1.1": "Path.Post.scripts"}
SUPPORTED_POSTS = ("linuxcnc", "grbl", "fanuc")


def version() -> str:
    """The running FreeCAD's version, ``"1.1.3"``."""
    return ".".join(str(part) for part in FreeCAD.Version()[:3])


def flavour() -> str:
    """Which CAM layout this FreeCAD has: ``"0.20"`` (also 0.21), ``"1.0"`` or ``"1.1"``."""
    major, minor = (int(part) for part in FreeCAD.Version()[:2])
    if major == 0:
        return "0.20"
    return "1.0" if (major, minor) == (1, 0) else "1.1"


def _module(new: str, old: str) -> ModuleType:
    return importlib.import_module(old if flavour() == "0.20" else new)


@functools.cache
def _job_module() -> ModuleType:
    return _module("Path.Main.Job", "PathScripts.PathJob")


@functools.cache
def _stock_module() -> ModuleType:
    return _module("Path.Main.Stock", "PathScripts.PathStock")


@functools.cache
def _controller_module() -> ModuleType:
    return _module("Path.Tool.Controller", "PathScripts.PathToolController")


@functools.cache
def _path_utils() -> ModuleType:
    return importlib.import_module("PathScripts.PathUtils")


def preload() -> None:
    """Import now, rather than at first use, what a run will use: the job, stock, tool and
    operation modules, the post processors, and what they and the model load lazily — Draft
    (every version's job module loads it to clone the model; at about 0.15 s the largest
    import of a run), the pocket extensions, and PartDesign and Sketcher, whose features
    most models are made of."""
    _job_module(), _stock_module(), _controller_module(), _path_utils()
    for kind in OPERATIONS.values():
        _module(*kind.freecad_modules)
    _module("Path.Op.FeatureExtension", "PathScripts.PathFeatureExtensions")
    for post in SUPPORTED_POSTS:  # post_process reloads its one; its imports stay loaded
        importlib.import_module(f"{POST_PACKAGES[flavour()]}.{post}_post")
    for name in ("Draft", "PartDesign", "Sketcher"):
        importlib.import_module(name)


def create_job(doc: Any, models: Sequence[Any], label: str) -> Any:
    """A CAM job for ``models`` in ``doc``, without FreeCAD's default tool controller.

    FreeCAD gives every new job a "Default Tool" controller with zero feeds; G-code from it
    fails on a real controller ("Cannot do g1 with zero feed rate"), so it is removed here
    and every operation gets a controller made from the library.
    """
    FreeCAD.setActiveDocument(doc.Name)
    job = _job_module().Create("Job", list(models), None)
    job.Label = label
    for controller in list(job.Tools.Group):
        remove_tool_controller(job, controller)
    return job


def default_tool_controllers(job: Any) -> list[Any]:
    """The controllers FreeCAD itself puts in a new job (used to show why they are removed)."""
    return list(job.Tools.Group)


def remove_tool_controller(job: Any, controller: Any) -> None:
    doc = job.Document
    tool = getattr(controller, "Tool", None)
    job.Tools.removeObject(controller)
    doc.removeObject(controller.Name)
    if tool is not None and doc.getObject(tool.Name) is not None and not tool.InList:
        doc.removeObject(tool.Name)


def set_stock(
    job: Any, *, offsets: dict[str, float] | None, extents: dict[str, float] | None
) -> Any:
    """Replace the job's stock: the models' bounding box grown by ``offsets`` (mm on each
    side), or a box with the given absolute ``extents``."""
    stock = _stock_module()
    vector = FreeCAD.Vector
    old = job.Stock
    if extents is not None:
        size = vector(
            extents["x_max"] - extents["x_min"],
            extents["y_max"] - extents["y_min"],
            extents["z_max"] - extents["z_min"],
        )
        placement = FreeCAD.Placement(
            vector(extents["x_min"], extents["y_min"], extents["z_min"]), FreeCAD.Rotation()
        )
        new = stock.CreateBox(job, size, placement)
    else:
        assert offsets is not None
        new = stock.CreateFromBase(
            job,
            neg=vector(offsets["x_neg"], offsets["y_neg"], offsets["z_neg"]),
            pos=vector(offsets["x_pos"], offsets["y_pos"], offsets["z_pos"]),
        )
    job.Stock = new
    job.Document.removeObject(old.Name)
    return new


def set_work_offset(job: Any, wcs: str) -> None:
    job.Fixtures = [wcs]


def make_tool_bit(doc: Any, bits: dict[str, dict[str, Any]], label: str) -> Any:
    """A ToolBit document object from the bit JSON written for this FreeCAD (``bits`` holds
    one per layout, as the library exports them)."""
    attrs = dict(bits[flavour()])
    if flavour() == "1.1":
        from Path.Tool.toolbit import ToolBit

        return ToolBit.from_dict(attrs).attach_to_doc(doc)
    factory = _module("Path.Tool.Bit", "PathScripts.PathToolBit").Factory
    FreeCAD.setActiveDocument(doc.Name)
    bit = factory.CreateFromAttrs(attrs, "ToolBit")
    bit.Label = label
    return bit


def add_tool_controller(
    job: Any,
    bit: Any,
    *,
    label: str,
    number: int,
    spindle_rpm: float,
    feed_mm_min: float,
    plunge_mm_min: float,
) -> Any:
    """A controller for ``bit`` with the run's speed and feeds, added to ``job``."""
    FreeCAD.setActiveDocument(job.Document.Name)
    options: dict[str, Any] = {"tool": bit, "toolNumber": number}
    options["assignViewProvider"] = bool(getattr(FreeCAD, "GuiUp", False))
    controller = _controller_module().Create(label, **options)
    controller.Label = label
    controller.SpindleSpeed = float(spindle_rpm)
    controller.SpindleDir = "Forward"
    controller.HorizFeed = f"{feed_mm_min} mm/min"
    controller.VertFeed = f"{plunge_mm_min} mm/min"
    job.Proxy.addToolController(controller)
    return controller


@contextlib.contextmanager
def _choosing(controller: Any, job: Any) -> Iterator[None]:
    """Make FreeCAD pick ``controller`` and ``job`` for a new operation.

    ``PathUtils.findToolController`` asks the GUI to choose when a job has several
    controllers, and ``PathUtils.addToJob`` when the document has several jobs (a model
    saved from the CAM workbench holds its own); both fail headless. Their ``UserInput``
    hook is the supported way to answer, so it is set for the one call.
    """
    utils = _path_utils()
    chooser = SimpleNamespace(
        selectedToolController=lambda: controller,
        chooseToolController=lambda controllers: controller,
        chooseJob=lambda jobs: job,
    )
    previous = utils.UserInput
    utils.UserInput = chooser
    try:
        yield
    finally:
        utils.UserInput = previous


def create_operation(job: Any, kind: str, label: str, controller: Any) -> Any:
    """A new operation of ``kind`` (``facing``, ``profile``, ...) in ``job`` using
    ``controller``."""
    if kind not in OPERATIONS:
        raise CamError(f"unknown operation type {kind!r}")
    module = _module(*OPERATIONS[kind].freecad_modules)
    FreeCAD.setActiveDocument(job.Document.Name)
    with _choosing(controller, job):
        operation = module.Create(label.replace(" ", "_") or kind)
    operation.Label = label
    operation.ToolController = controller
    return operation


def operation_kind(operation: Any) -> str | None:
    """The Projem kind (``facing``, ``pocket``, ...) of a FreeCAD operation, from the module
    of its proxy; None for one Projem does not make."""
    module = type(getattr(operation, "Proxy", None)).__module__
    return next((k.name for k in OPERATIONS.values() if module in k.freecad_modules), None)


def make_repeatable() -> None:
    """Seed the C library's random numbers before toolpaths are computed.

    FreeCAD 1.1's adaptive clearing (libarea) draws from ``rand()``, whose seed FreeCAD sets
    from the clock, so one spec gave different G-code on every run; with a fixed seed the same
    spec on the same model gives the same bytes.
    """
    try:
        libc = (
            ctypes.cdll.ucrtbase if os.name == "nt" else ctypes.CDLL(ctypes.util.find_library("c"))
        )
    except OSError:  # no C library to seed: toolpaths stay right, only not byte-identical
        return
    libc.srand(20260101)


def clears_open_floors_by_facing() -> bool:
    """Whether facing (with raised areas excluded) clears a floor below the top here. FreeCAD
    1.0 drops the last section of such an envelope and stops one step short of the floor;
    there a pocket extended past the floor's open edges does the job."""
    return flavour() != "1.0"


def facing_boundary() -> str:
    """The facing boundary that works here: FreeCAD 1.0 sections a "Boundbox" envelope
    exactly at its floor and makes no path at all, so it gets "Face Region" (ten times slower
    on rounded outlines, so not used where "Boundbox" works)."""
    return "Face Region" if flavour() == "1.0" else "Boundbox"


def property_name(name: str) -> str:
    return RENAMED.get(name, {}).get(flavour(), name)


def set_property(obj: Any, name: str, value: Any) -> None:
    """Set ``obj.<name>`` (mapped to this version's name), dropping an expression that would
    otherwise overwrite it at the next recompute."""
    actual = property_name(name)
    if actual not in obj.PropertiesList:
        raise CamError(f"{obj.Label}: FreeCAD {version()} has no property {actual!r}")
    if any(path == actual for path, _ in obj.ExpressionEngine):
        obj.setExpression(actual, None)
    if obj.getTypeIdOfProperty(actual) == "App::PropertyEnumeration":
        choices = obj.getEnumerationsOfProperty(actual)
        if value not in choices:
            raise CamError(f"{obj.Label}: {actual} must be one of {', '.join(choices)}")
    setattr(obj, actual, value)


def quantity_mm(obj: Any, name: str) -> float:
    return float(getattr(obj, property_name(name)).Value)


def tool_controller_objects(operations: Sequence[Any], wcs: str) -> list[Any]:
    """What a post processor is given: the work offset, then each operation preceded by its
    tool controller whenever the controller changes (so a tool change is written only when
    the tool changes)."""
    import Path

    fixture = SimpleNamespace(
        Name="Fixture",
        Label="Fixture",
        InList=[],
        Path=Path.Path([Path.Command(wcs)]),
    )
    objects: list[Any] = [fixture]
    current = None
    for operation in operations:
        if operation.ToolController is not current:
            current = operation.ToolController
            objects.append(current)
        objects.append(operation)
    return objects


def post_process(objects: Sequence[Any], post: str, arguments: str) -> str:
    """G-code from FreeCAD's own ``<post>_post`` script.

    The script is loaded fresh for every run: the legacy post scripts keep their settings
    (line numbers, units, precision) in module globals. It writes to a temporary file: some
    (0.20's grbl) write to the file name they are given even when it is "-".
    """
    if post not in SUPPORTED_POSTS:
        raise CamError(
            f"post processor {post!r} is not supported (one of {', '.join(SUPPORTED_POSTS)})"
        )
    name = f"{POST_PACKAGES[flavour()]}.{post}_post"
    module = importlib.reload(importlib.import_module(name))
    with tempfile.TemporaryDirectory(prefix="projem-post-") as folder:
        target = os.path.join(folder, "program.ngc")
        returned = module.export(list(objects), target, arguments)
        written = ""
        if os.path.exists(target):
            with open(target, encoding="utf-8") as handle:
                written = handle.read()
    gcode = returned if isinstance(returned, str) and returned.strip() else written
    if not gcode.strip():
        raise CamError(f"the {post} post processor produced no G-code")
    return gcode
