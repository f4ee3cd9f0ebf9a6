# SPDX-License-Identifier: LGPL-2.1-or-later
"""The 3D view's marker of a simulation finding: the edge code that, inside FreeCAD, puts one
red marker into the active document's 3D view (a scene-graph node, so the document is not
changed)."""

from __future__ import annotations

import contextlib
from typing import Any

from projem_workbench.gui import freecad_gui

MARKER_RADIUS_MM = 1.5


class ViewMarker:
    """One temporary red marker in the active 3D view of FreeCAD, moved to each point shown:
    a dot of constant screen size (seen at any zoom) on a small sphere (seen close up).

    It is a node of the view's scene graph, not a document object: choosing findings leaves
    the document unmodified and nothing to clean up in the saved file.
    """

    def __init__(self) -> None:
        self._view: Any = None
        self._node: Any = None
        self._places: tuple[Any, Any] | None = None  # the dot's coordinate, the sphere's move

    @property
    def shown(self) -> bool:
        """True while the marker is in a 3D view."""
        return self._node is not None

    def show(self, point: tuple[float, float, float]) -> bool:
        """Put the marker at ``point``; False outside FreeCAD or without a 3D view."""
        gui = freecad_gui.loaded_freecad_gui()
        document = getattr(gui, "ActiveDocument", None) if gui is not None else None
        view = getattr(document, "ActiveView", None) if document is not None else None
        if view is None or not hasattr(view, "getSceneGraph"):
            return False
        try:
            from pivy import coin
        except ImportError:
            return False
        if view is not self._view:
            self.clear()
            # An annotation is drawn over the model: the point is often inside the material.
            node = coin.SoAnnotation()
            material = coin.SoMaterial()
            material.diffuseColor.setValue(0.9, 0.05, 0.05)
            material.emissiveColor.setValue(0.6, 0.0, 0.0)
            coordinate = coin.SoCoordinate3()
            dot = coin.SoMarkerSet()
            dot.markerIndex = coin.SoMarkerSet.CIRCLE_FILLED_9_9
            move = coin.SoTranslation()
            sphere = coin.SoSphere()
            sphere.radius.setValue(MARKER_RADIUS_MM)
            for child in (material, coordinate, dot, move, sphere):
                node.addChild(child)
            view.getSceneGraph().addChild(node)
            self._view, self._node, self._places = view, node, (coordinate, move)
        coordinate, move = self._places  # type: ignore[misc]
        coordinate.point.setValue(*point)
        move.translation.setValue(*point)
        return True

    def clear(self) -> None:
        if self._view is not None:
            # A closed view took the node with it: nothing left to remove.
            with contextlib.suppress(Exception):
                self._view.getSceneGraph().removeChild(self._node)
        self._view = self._node = self._places = None
