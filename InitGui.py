# SPDX-License-Identifier: LGPL-2.1-or-later
# Registers the Projem workbench. Runs at every FreeCAD GUI start, so it only declares the
# class: commands, the database and Qt panels load when the user activates the workbench.
import os

import FreeCADGui

import projem_workbench


class ProjemWorkbench(FreeCADGui.Workbench):
    MenuText = "Projem"
    ToolTip = "CNC production: model library, tool library, CAM runs and a verifiable audit trail"
    Icon = os.path.join(
        os.path.dirname(os.path.dirname(projem_workbench.__file__)),
        "resources",
        "icons",
        "ProjemWorkbench.svg",
    )

    def Initialize(self):
        from projem_workbench.gui import workbench

        workbench.initialize(self)

    def Activated(self):
        from projem_workbench.gui import workbench

        workbench.activated()

    def GetClassName(self):
        return "Gui::PythonWorkbench"


FreeCADGui.addWorkbench(ProjemWorkbench())
