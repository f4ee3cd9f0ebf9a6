# SPDX-License-Identifier: LGPL-2.1-or-later
# Projem's FreeCAD start-up hook. FreeCAD runs it at every start, with or without the GUI, so it
# stays light: the database layer and everything heavy load when the workbench is activated.
import FreeCAD

import projem_workbench

FreeCAD.Console.PrintLog(f"Projem {projem_workbench.__version__} is available\n")
