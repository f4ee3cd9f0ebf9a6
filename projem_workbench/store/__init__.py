# SPDX-License-Identifier: LGPL-2.1-or-later
"""Where file contents live: a content-addressed blob store on disk (rows hold the address)."""
