"""Sections 8 to 10, the victim and the community: impact on the victim (the Victim Personal
Statement), the victim's wishes in their own words, and community impact.
"""

from __future__ import annotations

from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import Block, Item, KeyValues, Section, Text, fill_blanks
from hcdesk.export.summary.rules import item
from hcdesk.export.summary.wording import human, when

# -- 8. impact on the victim -----------------------------------------------------------------------


def impact(ctx: CaseContext) -> Section:
    t = "victim_personal_statement"
    blocks: list[Block] = []
    statements = ctx.records(t)
    if statements:
        for vps in statements:
            kv = KeyValues(
                [
                    item(t, vps, "status", name="VPS status"),
                    item(t, vps, "taken_on", name="Date taken"),
                    item(t, vps, "updated_before_sentence", name="Updated before sentence"),
                    item(t, vps, "read_preference", name="Read preference"),
                    item(t, vps, "impacts", name="Impact described"),
                    item(t, vps, "notes", name="Notes"),
                ]
            )
            kv.items = [i for i in kv.items if i.value]
            blocks.append(kv)
    else:
        blocks.append(Text("No Victim Personal Statement recorded.", "empty"))
    assessments = ctx.records("needs_assessment")
    indicated = any(a.get("special_measures_indicated") for a in assessments)
    blocks.append(
        KeyValues(
            [
                Item(
                    "Special measures (MG2)",
                    "Indicated by the needs assessment; see MG2"
                    if indicated
                    else (
                        "Not indicated by the needs assessment"
                        if assessments
                        else "No needs assessment recorded"
                    ),
                )
            ]
        )
    )
    # The victim's own words on giving evidence are held with their wishes.
    wishes = ctx.records("victim_wish")
    if wishes:
        w = wishes[-1]
        hidden = ctx.wishes_restricted
        blocks.append(
            KeyValues(
                [
                    Item(
                        "Willing to give evidence",
                        human(w.get("willing_to_give_evidence")) or "Not recorded",
                        hidden,
                    ),
                    Item(
                        "Special measures the victim wishes for",
                        w.get("special_measures") or "None recorded",
                        hidden,
                    ),
                ],
                restricted=hidden,
                title=f"From the victim's wishes recorded {when(w.get('recorded_at'))}",
            )
        )
    else:
        blocks.append(Text("The victim's willingness to give evidence is not recorded.", "empty"))
    return Section("8", "Impact on the victim", blocks)


# -- 9. victim's wishes ----------------------------------------------------------------------------


def wishes(ctx: CaseContext) -> Section:
    t = "victim_wish"
    hidden = ctx.wishes_restricted
    wishes = ctx.records(t)
    blocks: list[Block] = []
    if not hidden:
        blocks.append(
            Text("The victim and the OIC agreed that the victim's wishes may be disclosed.", "note")
        )
    if not wishes:
        blocks.append(Text("No wishes recorded.", "empty", restricted=hidden))
    for n, w in enumerate(reversed(wishes)):
        latest = n == 0
        confirmed = (
            "confirmed with the victim"
            if w.get("confirmed_with_victim")
            else ("NOT yet confirmed with the victim")
        )
        heading = (
            f"{'Current wishes' if latest else 'Earlier entry'}: recorded "
            f"{when(w.get('recorded_at'))} by {w.get('recorded_by') or 'not recorded'}; "
            f"{confirmed}"
        )
        items = [Item("In the victim's words", str(w.get("victim_words") or ""), hidden)]
        if latest:
            for key, name in (
                ("wants_prosecution", "Wants prosecution"),
                ("out_of_court_views", "Out-of-court disposal and restorative justice"),
                ("willing_to_give_evidence", "Willing to give evidence"),
                ("special_measures", "Special measures wished for"),
                ("vps_read_preference", "VPS read preference"),
                ("compensation_sought", "Compensation sought (MG19)"),
                ("contact_frequency", "Contact frequency"),
                ("contact_channel", "Contact channel"),
                ("share_with_hip", "May share with Hate Incident Partnership"),
                ("partner_consents", "Partners consented to"),
            ):
                empty = "None" if key == "partner_consents" else "Not recorded"
                items.append(Item(name, human(w.get(key)) or empty, hidden))
        blocks.append(KeyValues(items, restricted=hidden, title=heading))
    return Section(
        "9",
        "Victim's wishes (victim-led)",
        blocks,
        moved_note=(
            "The victim's wishes are held in the police/CPS-only annex. They are not disclosable "
            "unless the victim and the OIC agree."
        ),
        restricted=hidden,
    )


# -- 10. community impact --------------------------------------------------------------------------


def community(ctx: CaseContext) -> Section:
    t = "community_impact_statement"
    blocks: list[Block] = []
    for cis in ctx.records(t):
        kv = KeyValues(
            [
                item(t, cis, "cis_type", name="Type"),
                item(t, cis, "author", name="Author"),
                item(t, cis, "community", name="Community affected"),
                item(t, cis, "period", name="Period covered"),
                item(t, cis, "served_on_all_parties", name="Served on all parties"),
                item(t, cis, "summary", name="Summary, including any risk of community tension"),
            ]
        )
        fill_blanks(kv)
        blocks.append(kv)
    if not blocks:
        blocks.append(
            Text(
                "No Community Impact Statement recorded, and no risk of community tension or "
                "unrest recorded.",
                "empty",
            )
        )
    return Section("10", "Community impact", blocks)
