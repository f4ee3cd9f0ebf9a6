# SPDX-License-Identifier: LGPL-2.1-or-later
"""Services: the only code that writes to the database, each write audited in its transaction."""
