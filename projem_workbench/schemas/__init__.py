# SPDX-License-Identifier: LGPL-2.1-or-later
"""Pydantic schemas of what the shop's records and files hold, below the services and the file
formats that use them (``gui``/``cli`` → ``services`` → ``interchange`` → ``schemas`` → ``db``).
"""
