"""The court summary (DOMAIN.md (b)): what it says, and how it is laid out as a PDF.

* :mod:`~hcdesk.export.summary.model`: the summary as plain data (sections of text blocks).
* :mod:`~hcdesk.export.summary.rules`: disclosure, placement in the annex, marking, the legal
  route and the Victims' Code targets: the domain rules, Qt-free and reportlab-free.
* :mod:`~hcdesk.export.summary.wording`: labels and legal wording for stored values.
* :mod:`~hcdesk.export.summary.sections`: one builder per section (or group of sections).
* :mod:`~hcdesk.export.summary.build`: reads a case and assembles the sections in order.
* :mod:`~hcdesk.export.summary.render`: the reportlab layout of a summary already built.

Placement follows each field's disclosure class (``info["disclosure"]`` on the model column).
The builders tag every value taken from a ``POLICE_CPS_ONLY`` field as *restricted*; then, for
the CPS variant, :func:`~hcdesk.export.summary.rules.place` moves every restricted block or
item to the police/CPS-only annex under the same section number, and the disclosable part
keeps only what the defence may see. The victim's wishes are restricted unless
``victim_agreed_wishes_disclosed`` is set. For the FULL (internal) variant everything stays in
order and restricted material is labelled.

The package holds no names of its own: import from the module that defines them, so that a
caller that needs only the model does not load reportlab.
"""
