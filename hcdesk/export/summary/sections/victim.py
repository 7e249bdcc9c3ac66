"""The victim and the community: impact on the victim (the Victim Personal
Statement), the victim's wishes in their own words, and community impact.
"""

from __future__ import annotations

from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import Block, Item, KeyValues, Section, Text, fill_blanks
from hcdesk.export.summary.order import Part
from hcdesk.export.summary.rules import WishConsent, item, wish_field_restricted
from hcdesk.export.summary.wording import WISH_ITEMS, human, join, when
from hcdesk.models.enums import WishItem

# -- impact on the victim --------------------------------------------------------------------------


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
            blocks += fill_blanks(kv)
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
    # The victim's own words on giving evidence are held with their wishes: never disclosed.
    wishes = ctx.records("victim_wish")
    if wishes:
        w = wishes[-1]
        blocks.append(
            KeyValues(
                [
                    Item(
                        "Willing to give evidence",
                        human(w.get("willing_to_give_evidence")) or "Not recorded",
                        True,
                    ),
                    Item(
                        "Special measures the victim wishes for",
                        w.get("special_measures") or "None recorded",
                        True,
                    ),
                ],
                restricted=True,
                title=f"From the victim's wishes recorded {when(w.get('recorded_at'))}",
            )
        )
    else:
        blocks.append(
            Text("The victim's willingness to give evidence is not recorded.", "empty", True)
        )
    return Section(ctx.number(Part.IMPACT), "Impact on the victim", blocks)


# -- victim's wishes -------------------------------------------------------------------------------

WISH_LINES = (
    ("wants_prosecution", "Wants prosecution"),
    ("out_of_court_views", "Out-of-court disposal and restorative justice"),
    ("compensation_sought", "Compensation sought (MG19)"),
    ("willing_to_give_evidence", "Willing to give evidence"),
    ("special_measures", "Special measures wished for"),
    ("vps_read_preference", "VPS read preference"),
    ("contact_frequency", "Contact frequency"),
    ("contact_channel", "Contact channel"),
    ("share_with_hip", "May share with Hate Incident Partnership"),
    ("partner_consents", "Partners consented to"),
)


def consent_note(consent: WishConsent) -> str:
    """What the disclosable page says about the consent: which items, who recorded it, when."""
    items = join(WISH_ITEMS[i.value] for i in WishItem if i in consent.items)
    if consent.legacy:
        who = "who recorded the consent and when is not recorded"
    else:
        who = (
            f"recorded by {consent.recorded_by or 'an officer not recorded'} on "
            f"{when(consent.recorded_at) or 'a date not recorded'}"
        )
    return (
        f"The victim consented, and the OIC agreed, to disclose only their {items}; {who}. "
        "The rest of the victim's wishes stays in the police/CPS-only annex."
    )


def wishes(ctx: CaseContext) -> Section:
    consent = ctx.consent
    hidden = not consent.given
    wishes = ctx.records("victim_wish")
    blocks: list[Block] = []
    if consent.given:
        blocks.append(Text(consent_note(consent), "note"))
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
        items = [Item("In the victim's words", str(w.get("victim_words") or ""), True)]
        if latest:
            for key, name in WISH_LINES:
                empty = "None" if key == "partner_consents" else "Not recorded"
                closed = wish_field_restricted(key, consent)
                items.append(Item(name, human(w.get(key)) or empty, closed))
        blocks.append(KeyValues(items, restricted=all(i.restricted for i in items), title=heading))
    if ctx.incident:
        moved = (
            "The victim's wishes are held in the police-only annex; they are shared only with "
            "the victim's consent."
        )
    else:
        moved = (
            "The victim's wishes are held in the police/CPS-only annex. Only the victim's views "
            "on prosecution, on out-of-court disposal and restorative justice, and on "
            "compensation can be disclosed, and only with the victim's consent and the OIC's "
            "agreement."
        )
    return Section(
        ctx.number(Part.WISHES),
        "Victim's wishes (victim-led)",
        blocks,
        moved_note=moved,
        restricted=hidden,
    )


# -- community impact ------------------------------------------------------------------------------


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
        blocks += fill_blanks(kv)
    if not blocks:
        blocks.append(
            Text(
                "No Community Impact Statement recorded, and no risk of community tension or "
                "unrest recorded.",
                "empty",
            )
        )
    return Section(ctx.number(Part.COMMUNITY), "Community impact", blocks)
