"""The court summary (DOMAIN.md (b)): what it says, and how it is laid out as a PDF.

* :mod:`~hcdesk.export.summary.model`: the summary as plain data (sections of text blocks).
* :mod:`~hcdesk.export.summary.rules`: disclosure, placement in the annex, marking, the legal
  route and the Victims' Code targets: the domain rules, Qt-free and reportlab-free.
* :mod:`~hcdesk.export.summary.wording`: labels and legal wording for stored values.
* :mod:`~hcdesk.export.summary.sections`: one builder per section (or group of sections).
* :mod:`~hcdesk.export.summary.order`: the order of each document's sections, so their numbers
  (cross-references ask it, never hard-code a number).
* :mod:`~hcdesk.export.summary.build`: reads a case and assembles the sections in order: a
  prosecution summary for a hate crime, an incident record for partners and the file for a
  non-crime or unclassified incident (:func:`hcdesk.casework.legal.prosecution_summary_allowed`).
* :mod:`~hcdesk.export.summary.render`: the reportlab layout of a summary already built.

Placement follows each field's disclosure class (``info["disclosure"]`` on the model column).
The builders tag every value taken from a ``POLICE_CPS_ONLY`` field as *restricted*; then, for
the CPS variant, :func:`~hcdesk.export.summary.rules.place` moves every restricted block or
item to the police/CPS-only annex under the same section number, and the disclosable part
keeps only what the defence may see. On top of the disclosure classes, the *disclosure defaults*
of :mod:`~hcdesk.export.summary.rules` hold back background evidence not relied on, all
intelligence, everything about an uncharged suspect but their name and role, and all of the
victim's wishes but the items the victim consented to disclose. For the FULL (internal) variant
everything stays in order and restricted material is labelled.

The package holds no names of its own: import from the module that defines them, so that a
caller that needs only the model does not load reportlab.
"""
