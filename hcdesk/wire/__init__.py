"""The sync contract that the laptop and the central store share (DESIGN.md, Architecture).

* :mod:`~hcdesk.wire.hlc`: the hybrid logical clock whose timestamps version every field;
* :mod:`~hcdesk.wire.protocol`: the HTTP messages and headers;
* :mod:`~hcdesk.wire.registry`: what travels for each synced table;
* :mod:`~hcdesk.wire.version`: the wire schema version.

It imports nothing of hcdesk but :mod:`hcdesk.models`, so both sides can depend on it.
"""
