# SPDX-License-Identifier: LGPL-2.1-or-later
# Projem's FreeCAD start-up hook. FreeCAD runs it at every start, with or without the GUI, so it
# stays light: the database layer and everything heavy load when the workbench is activated.
import FreeCAD

import projem_workbench
from projem_workbench.deps import locations

# Where Projem installs its packages (as the Addon Manager does): FreeCAD 1.0 and later put it
# on sys.path themselves, FreeCAD 0.20 and 0.21 do not.
locations.add_to_sys_path()
FreeCAD.Console.PrintLog(f"Projem {projem_workbench.__version__} is available\n")
