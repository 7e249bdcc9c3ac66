"""The criminal justice side of a case: the hostility evidence, arrest, the CPS decision,
court, and the charges."""

from __future__ import annotations

from typing import Any

from hcdesk.demo.base import CaseBase, Court
from hcdesk.demo.kit import (
    DAY,
    ISO,
    long_date,
    pick,
    rint,
    short_date,
    words_at,
)
from hcdesk.demo.people import case_urn, officer_initials
from hcdesk.demo.tables import (
    GENDERED_WORDS,
    LOCAL_KEYS,
    PLATFORMS,
    S66_HOSTILITY,
    Flavour,
    Foreign,
    Offence,
    Town,
)


class Justice(CaseBase):
    """Evidence, prosecution and charges (a part of :class:`hcdesk.demo.case.Case`)."""

    __slots__ = ()

    def evidence_items(
        self,
        flav: Flavour,
        seconds: list[tuple[Flavour, str]],
        foreign: Foreign | None,
        words: str,
        act: str,
        harm: str,
        graffiti: bool,
        place_type: str,
        online: bool,
        known: bool,
        witnesses: list[dict[str, Any]],
        oic: str,
        reported: int,
        gender: str,
    ) -> tuple[list[dict[str, Any]], bool]:
        """The hostility evidence, and whether it shows a pattern of targeting."""
        r = self.r
        initials = officer_initials(oic)
        count = [0]

        def exhibit() -> str:
            count[0] += 1
            return f"{initials}/{count[0]}"

        def source() -> tuple[str, str | None, str | None, str]:
            """(source, exhibit ref, witness ref, perceived by)"""
            if graffiti:
                return "GRAFFITI_DAMAGE", exhibit(), None, "POLICE_OFFICER_STAFF"
            if online:
                return "SOCIAL_MEDIA", exhibit(), None, "VICTIM"
            roll = r()
            if witnesses and roll < 0.35:
                return ("WITNESS_STATEMENT_MG11", None, pick(r, witnesses)["statement_ref"],
                        "WITNESS")
            if place_type in ("Bus", "Shop", "Takeaway", "Taxi", "Train station") and roll < 0.7:
                return "CCTV", exhibit(), None, "VICTIM"
            if roll < 0.8:
                return "BWV", exhibit(), None, "POLICE_OFFICER_STAFF"
            return "WITNESS_STATEMENT_MG11", None, "MG11-V1", "VICTIM"

        strand, local = flav.strand, flav.local
        items: list[dict[str, Any]] = []
        factors = []
        if r() < 0.35:
            factors.append("DISTRESS_BEYOND_OFFENCE")
        if place_type == "Place of worship":
            factors.append("COMMUNITY_FEAR")
        timing = pick(r, ("DURING", "DURING", "DURING", "IMMEDIATELY_BEFORE",
                           "IMMEDIATELY_AFTER"))
        if foreign:
            items.append(self.evidence(
                reported, strand, local, "DEMONSTRATED", timing, foreign.words, foreign.language,
                foreign.translation, "WITNESS_STATEMENT_MG11", None, "MG11-V1", "VICTIM",
                factors))
        else:
            src, ex, wref, by = source()
            text = f'Graffiti reading "{words.upper()}"' if graffiti else f'"{words}"'
            items.append(self.evidence(reported, strand, local, "DEMONSTRATED", timing, text,
                                       None, None, src, ex, wref, by, factors))
        if harm != "V" and not graffiti and r() < 0.6:
            src, ex, wref, by = source()
            items.append(self.evidence(reported, strand, local, "DEMONSTRATED", "DURING",
                                       f"The suspect {act}.", None, None, src, ex, wref, by, []))
        for sflav, key in seconds:
            src, ex, wref, by = source()
            is_local = key in LOCAL_KEYS
            said = pick(r, words_at(GENDERED_WORDS.get((sflav.key, gender), sflav.words),
                                      place_type))
            items.append(self.evidence(
                reported, None if is_local else key, key if is_local else None, "DEMONSTRATED",
                "DURING", f'"{said}"', None, None, src, ex, wref, by, []))
        pattern = r() < 0.2
        if known and (pattern or r() < 0.3):
            roll = r()
            disclosure = "DISCLOSABLE"
            timing = "BACKGROUND_EARLIER"
            if pattern or roll < 0.35:
                # Bad character: police/CPS only unless the prosecution relies on it (a
                # notice under CJA 2003 s.101); see hcdesk.demo.courtfile.
                text = ("Earlier incidents logged against the suspect involve comments about the "
                        f"victim's {flav.characteristic}.")
                src, factors = "PREVIOUS_INCIDENT", ["PATTERN"]
                disclosure = "POLICE_CPS_ONLY"
            elif roll < 0.65:
                text = (f"The suspect's {pick(r, PLATFORMS[:5])} account shows repeated posts "
                        f"hostile to {flav.group} in the weeks before the offence "
                        "(screenshots exhibited).")
                src, factors = "SOCIAL_MEDIA", ["PREDOMINANT_MOTIVATION"]
            elif roll < 0.85:
                text = ("In interview the suspect said the victim was picked on \"because of "
                        f"what they are\", meaning the victim's {flav.characteristic}.")
                src, factors, timing = "INTERVIEW_ADMISSION_MG15", ["PREDOMINANT_MOTIVATION"], \
                    "DURING"
            else:
                text = ("A download of the suspect's phone shows membership of an online group "
                        f"that shares material hostile to {flav.group}.")
                src, factors = "GROUP_ASSOCIATION", ["GROUP_MEMBERSHIP", "PLANNED"]
                disclosure = "POLICE_CPS_ONLY"
            items.append(self.evidence(
                reported + rint(r, 1, 30), strand, local, "MOTIVATED", timing, text, None, None,
                src, None if src == "INTERVIEW_ADMISSION_MG15" else exhibit(), None,
                "POLICE_OFFICER_STAFF", factors, disclosure))
        return items, pattern

    def prosecution(
        self,
        court: Court,
        events: list[tuple[int, int, str, str | None, bool]],
        reported: int,
        incident: int,
        end: int,
        force: str,
        town: Town,
        offence: Offence,
        offence_text: str,
        statute: str,
        route: str | None,
        cda: bool,
        hocr: str,
        strands: list[str],
        local: list[str],
        hostile: list[str],
        suspect: str,
        court_name: str,
    ) -> list[dict[str, Any]]:
        """Arrest, CPS decision and court, as far as ``end``; returns the charges."""
        r = self.r
        voluntary = r() < 0.3
        arrest = reported + rint(r, 0, 21)
        who = suspect.split(" (")[0] if suspect else "The suspect"
        if arrest >= end:
            court.progress = f"{who} has been identified and is due to be interviewed."
            return []
        court.arrested_on = arrest
        court.voluntary = voluntary
        if voluntary:
            court.progress = (f"{who} was identified and interviewed under caution on "
                              f"{long_date(arrest)}.")
        else:
            court.progress = f"{who} was identified and arrested on {long_date(arrest)}."
            events.append((arrest, 6, "SUSPECT_ARRESTED", None, True))
        events.append((arrest, 6, "SUSPECT_INTERVIEWED",
                       "Voluntary interview under caution" if voluntary else None, True))
        if not voluntary:
            bailed = court.bailed = r() < 0.5
            events.append((arrest, 6, "SUSPECT_BAILED" if bailed else
                           "SUSPECT_RELEASED_UNDER_INVESTIGATION",
                           "Conditions: not to contact the victim" if bailed else None, True))
        to_cps = arrest + rint(r, 7, 60)
        if to_cps >= end:
            return []
        court.to_cps = to_cps
        court.status, court.file_stage = "AWAITING_CPS", "PRE_CHARGE_MG3"
        court.urn = case_urn(self.index, force, town.station, DAY(to_cps).year)
        decided = to_cps + rint(r, 5, 45)
        if decided >= end:
            return []
        if r() < 0.25:
            events.append((decided, 6, "NO_FURTHER_ACTION", "CPS: evidential stage not met",
                           True))
            court.decision = ("No further action: the evidential stage of the Full Code Test is "
                              "not met (identification disputed; no independent witness).")
            court.status, court.closed_on = "CLOSED", decided
            return []
        flags = "/".join(s.lower().replace("_", " ") for s in strands + local)
        court.decision = (f"Charge: {offence_text} ({statute}). Full Code Test met; the hostility "
                          f"evidence supports the {flags} flag. Hate-crime monitoring code applied "
                          "on CMS.")
        if route == "SA2020_S66_UPLIFT":
            court.decision += (" On conviction the court will be asked to increase the sentence "
                               "for the hostility (Sentencing Act 2020 s.66: "
                               f"{', '.join(S66_HOSTILITY[s] for s in hostile)}).")
        events.append((decided, 6, "SUSPECT_CHARGED", f"Charged: {offence_text}", True))
        court.charged_on = decided
        first = court.first_hearing = decided + rint(r, 14, 42)
        events.append((decided, 8, "COURT_DATE_SET",
                       f"First hearing at {court_name} on {short_date(first)}", True))
        court.status = "AT_COURT"
        court.plea = "GUILTY" if r() < 0.6 else "NOT_GUILTY"
        court.file_stage = "FIRST_HEARING_GAP" if court.plea == "GUILTY" else "FIRST_HEARING_NGAP"
        if court.plea == "GUILTY":
            outcome_day = court.sentence_day = first + pick(r, (0, 0, 21, 28, 35))
            outcome = "CONVICTED" if r() < 0.93 else "CONVICTED_AGGRAVATION_NOT_PROVED"
            if first < end and outcome_day > first:
                court.file_stage = "SENTENCE"  # adjourned for reports
        else:
            trial = court.trial = first + rint(r, 56, 180)
            if first < end:
                court.file_stage = "UPGRADE_TRIAL"
                events.append((first, 8, "COURT_DATE_SET",
                               f"Trial listed at {court_name} on {short_date(trial)}", True))
            roll = r()
            outcome = ("CONVICTED" if roll < 0.5 else
                       "CONVICTED_AGGRAVATION_NOT_PROVED" if roll < 0.6 else
                       "ACQUITTED" if roll < 0.85 else "DISCONTINUED")
            outcome_day = trial if outcome != "DISCONTINUED" else first + rint(r, 14, 50)
        if outcome_day < end:
            court.status, court.closed_on = "CLOSED", outcome_day
            court.outcome, court.outcome_day = outcome, outcome_day
            if outcome.startswith("CONVICTED"):
                court.file_stage = "SENTENCE"
            events.append((outcome_day, 9, "COURT_OUTCOME",
                           outcome.replace("_", " ").capitalize(), True))
        return self.charges(offence, offence_text, statute, route, cda, hocr, incident, decided,
                            court.outcome, court.outcome_day, hostile)

    def charges(
        self,
        offence: Offence,
        offence_text: str,
        statute: str,
        route: str | None,
        cda: bool,
        hocr: str,
        incident: int,
        charged_on: int,
        outcome: str | None,
        outcome_day: int | None,
        hostile: list[str],
    ) -> list[dict[str, Any]]:
        r = self.r
        sentence = None
        if outcome == "CONVICTED":
            base = rint(r, 4, 16)
            kind = r()
            if kind < 0.35:
                hours = rint(r, 6, 20) * 10
                sentence = (f"Community order with {hours + 40} hours' unpaid work (uplifted from "
                            f"{hours} hours for the hostility)")
            elif kind < 0.6:
                sentence = (f"{base + 4} weeks' imprisonment suspended for 12 months (uplifted "
                            f"from {base} weeks)")
            elif kind < 0.85:
                fine = rint(r, 12, 60) * 10
                sentence = (f"Fine of £{fine + 150} (uplifted from £{fine}); "
                            f"£{rint(r, 5, 30) * 10} compensation to the victim")
            else:
                sentence = f"{base + 6} weeks' imprisonment (uplifted from {base} weeks)"
        elif outcome == "CONVICTED_AGGRAVATION_NOT_PROVED":
            sentence = f"Fine of £{rint(r, 10, 40) * 10}; hostility not proved"
        first: dict[str, Any] = {
            "id": self.uid(charged_on),
            "defendant_id": None,  # the suspect charged, the plea and the elements: courtfile
            "offence": offence_text,
            "statute_section": statute,
            "legal_route": route,
            "cda_underlying": offence.cda_underlying if cda else None,
            "hocr_code": hocr,
            "aggravated_form_available": cda,
            "aggravated_form_charged": cda,
            "offence_date": ISO[incident],
            "charged_on": ISO[charged_on],
            "plea": None,
            "plea_basis": None,
            "elements": [],
            "outcome": outcome or "PENDING",
            "outcome_date": ISO[outcome_day] if outcome and outcome_day else None,
            "sentence": sentence,
            # s.66(2): the court must say so in open court when it finds the aggravation.
            "uplift_stated_in_court": outcome == "CONVICTED" and (
                route == "SA2020_S66_UPLIFT" or r() < 0.8),
        }
        charges = [first]
        if offence.cda_underlying in ("POA_S4A", "POA_S4", "COMMON_ASSAULT") and r() < 0.15:
            # A second charge on the same file: damage to the victim's property.
            second = dict(first, id=self.uid(charged_on))
            if cda:
                adjective = offence_text.split(" aggravated ")[0]
                second.update(offence=f"{adjective} aggravated criminal damage",
                              statute_section="Crime and Disorder Act 1998 s.30(1); Criminal "
                                              "Damage Act 1971 s.1(1)",
                              legal_route="CDA_S30_CRIMINAL_DAMAGE",
                              cda_underlying="CDA1971_S1_1", hocr_code="58J")
            else:
                # The s.66 uplift is the legal route, never part of the offence or statute.
                second.update(offence="Criminal damage",
                              statute_section="Criminal Damage Act 1971 s.1(1)",
                              cda_underlying=None, hocr_code="58A")
            if outcome in ("CONVICTED", "CONVICTED_AGGRAVATION_NOT_PROVED"):
                second["sentence"] = "No separate penalty"
            charges.append(second)
        return charges
