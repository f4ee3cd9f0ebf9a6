# SPDX-License-Identifier: LGPL-2.1-or-later
"""The tamper-evident audit trail: the hash chain and its verification."""
