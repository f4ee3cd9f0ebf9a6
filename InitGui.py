# SPDX-License-Identifier: LGPL-2.1-or-later
# Registers the Projem workbench. Runs at every FreeCAD GUI start, so it only declares the
# class: commands, the database and Qt panels load when the user activates the workbench.
# FreeCAD 0.20 exec()s this file with separate globals and locals, so names imported here are
# not visible inside the class: each method imports what it needs.
import FreeCADGui


class ProjemWorkbench(FreeCADGui.Workbench):
    MenuText = "Projem"
    ToolTip = "CNC production: model library, tool library, CAM runs and a verifiable audit trail"

    def __init__(self):
        import os

        import projem_workbench

        root = os.path.dirname(os.path.dirname(projem_workbench.__file__))
        self.__class__.Icon = os.path.join(root, "resources", "icons", "ProjemWorkbench.svg")

    def Initialize(self):
        from projem_workbench.gui import workbench

        workbench.initialize(self)

    def Activated(self):
        from projem_workbench.gui import workbench

        workbench.activated()

    def GetClassName(self):
        return "Gui::PythonWorkbench"


FreeCADGui.addWorkbench(ProjemWorkbench())
