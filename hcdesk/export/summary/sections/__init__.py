"""The sections of the court summary, one module per section or group of sections.

Each takes a :class:`~hcdesk.export.summary.context.CaseContext` and returns a
:class:`~hcdesk.export.summary.model.Section` (the banner, section 2, a
:class:`~hcdesk.export.summary.model.Banner`), tagging police/CPS-only material as restricted.
"""
