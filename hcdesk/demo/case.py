"""One demo case, built as a story: the incident, who was there, what happened next."""

from __future__ import annotations

import datetime
from operator import itemgetter
from typing import Any

from hcdesk.demo.base import Court
from hcdesk.demo.courtfile import CourtFile
from hcdesk.demo.duties import VictimDuties
from hcdesk.demo.justice import Justice
from hcdesk.demo.kit import (
    DAY,
    ISO,
    MONTHS,
    add_years,
    ascii_name,
    fill,
    pick,
    rint,
    short_date,
    some,
    words_at,
    working_days_after,
)
from hcdesk.demo.narrative import Narrative
from hcdesk.demo.people import crime_reference, home_address, person_name, phone_number
from hcdesk.demo.support import Support
from hcdesk.demo.tables import (
    ACCOUNTS,
    AGENCY_NAMES,
    BY_KEY,
    CDA_ROUTE,
    CHANNELS,
    COMMUNITIES,
    CONTACT_NOTES,
    COVENTRY,
    FORCE_TOWNS,
    FOREIGN_BY,
    GENDERED_SELF,
    GENDERED_WORDS,
    GENERIC_HARM,
    GRAFFITI_PLACES,
    GRAFFITI_SURFACE_ELSEWHERE,
    GRAFFITI_SURFACES,
    GROUP_ASSOCIATION,
    HARMS,
    LAWFUL_BASES,
    LOCAL_KEYS,
    NO_VOICEMAIL_NOTE,
    OFFENCES,
    ONLINE_HARM,
    OPENING,
    PERCEIVED_BY,
    POPULATION,
    PRONOUNS,
    RACE_ANY,
    RACE_FOR,
    S66_HOSTILITY,
    SAFE_TIMES,
    SHARE_PURPOSES,
    SUSPECT_ORDERS,
    SUSPECT_POPULATION,
    SUSPECT_PRONOUNS,
    UNKNOWN_SUSPECTS,
    WEIGHTED_FLAVOURS,
    WEIGHTED_TOWNS,
    WITNESS_ROLES,
    WORSHIP,
    Flavour,
    Offence,
    Town,
)


class Case(Narrative, Justice, Support, CourtFile, VictimDuties):
    """Builds one case. All randomness comes from one generator seeded by (seed, index)."""

    __slots__ = ()


    def build(self) -> dict[str, Any]:
        r = self.r
        end = self.today  # nothing on or after this day has happened yet
        flav: Flavour = WEIGHTED_FLAVOURS.pick(r)
        town: Town = WEIGHTED_TOWNS.pick(r)
        force = town.force
        officers = self.officers
        oic = pick(r, officers.oic[force])
        vlo = pick(r, officers.vlo[force])
        supervisor = pick(r, officers.supervisors[force])
        court_name = town.courts[0]

        roll = r()
        record_type = (
            "HATE_CRIME" if roll < 0.76 else
            "NON_CRIME_HATE_INCIDENT" if roll < 0.91 else "HATE_INCIDENT_UNCLASSIFIED")
        crime = record_type == "HATE_CRIME"
        unclassified = record_type == "HATE_INCIDENT_UNCLASSIFIED"
        incident = end - (rint(r, 2, 40) if unclassified else rint(r, 2, 547))
        roll = r()
        delay = (0 if roll < 0.55 else rint(r, 1, 3) if roll < 0.85 else
                 rint(r, 4, 30) if roll < 0.97 else rint(r, 31, 90))
        reported = min(incident + delay, end - 1)

        # The victim and the strands.
        com = COMMUNITIES[flav.communities.pick(r)]
        gender: str = flav.genders.pick(r)
        female = gender == "Female" or (gender == "Non-binary" and r() < 0.5)
        place_type: str = flav.places.pick(r)
        first_hour, last_hour = OPENING.get(place_type, (7, 22))
        if place_type == "School" and (incident - 1) % 7 >= 5:
            incident -= (incident - 1) % 7 - 4  # weekends move back to the Friday
        incident_minute = rint(r, first_hour, last_hour) * 60 + pick(
            r, (0, 5, 10, 15, 20, 30, 40, 45, 50))
        incident_time = f"{incident_minute // 60:02d}:{incident_minute % 60:02d}"
        after = (incident, incident_minute + 20)  # nothing is logged before this
        if place_type == "School":
            victim_age = rint(r, 11, 17)
        else:
            victim_age = rint(r, *flav.ages)
            if victim_age < 18 and place_type in ("Taxi", "Workplace", "Pub", "Takeaway"):
                victim_age = rint(r, 19, 60)
        minor = victim_age < 18
        subs = dict(PRONOUNS[gender])
        strands: list[str] = [flav.strand] if flav.strand else []
        local: list[str] = [flav.local] if flav.local else []
        seconds: list[tuple[Flavour, str]] = []
        if flav.strand == "RACE" and com.muslim and r() < 0.3:
            seconds.append((BY_KEY["religion_muslim"], "RELIGION"))
        elif flav.strand == "RACE" and com.key == "sikh" and r() < 0.2:
            seconds.append((BY_KEY["religion_sikh"], "RELIGION"))
        elif flav.strand == "RELIGION" and com.key != "white_british" and r() < 0.4:
            seconds.append((RACE_FOR.get(com.key, RACE_ANY), "RACE"))
        elif flav.strand == "TRANSGENDER" and r() < 0.35:
            seconds.append((BY_KEY["sexual_orientation"], "SEXUAL_ORIENTATION"))
        elif flav.strand == "SEXUAL_ORIENTATION" and r() < 0.06:
            seconds.append((BY_KEY["disability_mobility"], "DISABILITY"))
        elif (flav.strand == "DISABILITY" and r() < 0.08) or (
                flav.local == "ALTERNATIVE_SUBCULTURE" and r() < 0.12):
            seconds.append((BY_KEY["sexual_orientation"], "SEXUAL_ORIENTATION"))
        if female and flav.local != "SEX_GENDER" and not minor and r() < 0.05:
            seconds.append((BY_KEY["local_sex_gender"], "SEX_GENDER"))
        if victim_age >= 70 and flav.local != "AGE" and r() < 0.3:
            seconds.append((BY_KEY["local_age"], "AGE"))
        for _f, key in seconds:
            target = local if key in LOCAL_KEYS else strands
            if key not in target:
                target.append(key)
        options = FOREIGN_BY.get((flav.key, com.key))
        foreign = pick(r, options) if options and r() < 0.6 else None

        # Where it happened.
        victim_town = town
        if place_type != "Home address" and r() < 0.25:
            victim_town = COVENTRY if force == "WARWICKSHIRE" and r() < 0.4 else pick(
                r, FORCE_TOWNS[force])
        vaddress, vpostcode, varea = home_address(r, victim_town)
        place, doing, platform = self.place(place_type, town, varea, flav)
        online = place_type == "Online"

        # What happened.
        harm = ("H" if online else HARMS.pick(r)) if crime else "V"
        if crime and place_type == "Place of worship" and harm not in ("D", "H"):
            harm = "D"
        words = foreign.translation if foreign else pick(r, words_at(
            GENDERED_WORDS.get((flav.key, gender), flav.words), place_type))
        conduct = words_at(tuple(c[0] for c in flav.conduct if c[1] == harm), place_type)
        flavour_act = bool(conduct) and r() < 0.5
        generic = ONLINE_HARM if online else words_at(GENERIC_HARM[harm], place_type)
        act = pick(r, conduct) if flavour_act else pick(r, generic)
        graffiti = harm == "D" and not foreign and place_type in GRAFFITI_PLACES and r() < 0.35
        if graffiti:
            surface = fill(GRAFFITI_SURFACES.get(place_type, GRAFFITI_SURFACE_ELSEWHERE),
                           {"worship": WORSHIP.get(flav.key, "church")})
            act = f'painted the words "{words.upper()}" on {surface}'
            flavour_act = True
        subs["platform"] = platform
        subs["weeks"] = str(rint(r, 2, 10))
        subs["count"] = str(rint(r, 8, 60))
        act = fill(act, subs)

        # Suspects.
        suspects: list[dict[str, Any]] = []
        if crime:
            n_suspects, known = pick(r, (1, 1, 1, 1, 1, 1, 2, 2, 3)), r() < 0.68
        elif record_type == "NON_CRIME_HATE_INCIDENT":
            # The NCHI Code's extra threshold decides whether the subject is recorded at all.
            known = r() < 0.55
            n_suspects = 1 if known else 0
        else:
            known = r() < 0.35
            n_suspects = 1
        if foreign:
            n_suspects, known = max(n_suspects, 1), True
        suspect_female = r() < 0.2
        suspect_name = ""
        for k in range(n_suspects):
            sfemale = suspect_female if k == 0 else r() < 0.2
            if not known:
                if online:
                    uname = f"Unknown {ACCOUNTS.get(platform, platform)} account"
                else:
                    uname, sfemale = pick(r, UNKNOWN_SUSPECTS)
                if k == 0:
                    suspect_female = sfemale
                suspects.append(self.person(incident, uname, None,
                                            "Female" if sfemale else "Male", None, None, None))
                continue
            scom = COMMUNITIES[foreign.speaker_community if foreign and k == 0
                               else SUSPECT_POPULATION.pick(r)]
            sage = rint(r, 12, 17) if place_type == "School" else rint(r, 15, 68)
            sname = person_name(r, scom, sfemale)
            if r() < 0.92:
                saddr, spc, _a = home_address(r, town)
            else:
                saddr, spc = "No fixed abode", None
            previous = orders = group = None
            if r() < 0.3:
                previous = (f"{rint(r, 1, 4)} earlier incident(s) involving the victim since "
                            f"{short_date(incident - rint(r, 40, 400))}")
            if r() < 0.12:
                orders = pick(r, SUSPECT_ORDERS)
            if r() < 0.05:
                group = GROUP_ASSOCIATION
            suspects.append(self.person(
                incident, sname, incident - sage * 365 - rint(r, 0, 364),
                "Female" if sfemale else "Male", saddr, spc, phone_number(r) if r() < 0.5 else None,
                previous=previous, orders=orders, group=group))
            if k == 0:
                suspect_name = sname
        subs.update(SUSPECT_PRONOUNS[suspect_female])

        # Witnesses.
        witnesses: list[dict[str, Any]] = []
        for k in range(0 if online else pick(r, (0, 1, 1, 1, 2, 2, 3))):
            wcom = COMMUNITIES[POPULATION.pick(r)]
            wfemale = r() < 0.5
            waddr, wpc, _a = home_address(r, victim_town if r() < 0.3 else town)
            role = ""
            if k == 0:
                role = WITNESS_ROLES.get(place_type, "")
            w = self.person(
                incident, person_name(r, wcom, wfemale) + role,
                incident - rint(r, 17, 75) * 365 - rint(r, 0, 364),
                "Female" if wfemale else "Male", waddr, wpc, phone_number(r))
            w["statement_ref"] = f"MG11-W{k + 1}"
            witnesses.append(w)

        # Hostility evidence.
        evidence, pattern = self.evidence_items(
            flav, seconds, foreign, words, act, harm, graffiti, place_type, online, known,
            witnesses, oic, reported, gender)

        # The victim's record, with contact safety.
        statuses: list[str] = []
        if crime:
            if r() < 0.55:
                statuses.append("ENHANCED_MOST_SERIOUS_CRIME")
            if pattern or harm == "H":
                statuses.append("ENHANCED_PERSISTENTLY_TARGETED")
            if minor or flav.strand == "DISABILITY" or r() < 0.1:
                statuses.append("ENHANCED_VULNERABLE_OR_INTIMIDATED")
        # A hate crime's victim, and a child, have enhanced rights whatever their record says
        # (hcdesk.casework.duties.enhanced_statuses).
        enhanced = crime or minor or bool(statuses)
        language = None
        interpreter = False
        if com.languages:
            lang, chance = pick(r, com.languages)
            if r() < chance * (0.4 if minor else 1.0):
                language, interpreter = lang, True
            elif r() < 0.3:
                language = lang  # spoken at home; no interpreter needed
        profile = int(r() * 840)  # picks matching entries of self_described and access
        access = flav.access[profile % len(flav.access)] if flav.access and r() < 0.8 else None
        safe = SAFE_TIMES[0] if minor else (pick(r, SAFE_TIMES) if r() < 0.85 else None)
        channels = some(r, CHANNELS, rint(r, 1, 3))
        if access and "BSL" in access:
            channels = ["TEXT_MESSAGE", "EMAIL", "VIDEO_CALL"]
        elif access and "Easy Read" in access:
            channels = ["LETTER", "IN_PERSON", "VIA_THIRD_PARTY"]
        no_voicemail = r() < 0.22
        notes = NO_VOICEMAIL_NOTE if no_voicemail else (
            pick(r, CONTACT_NOTES) if r() < 0.25 else None)
        spokesperson = None
        if minor:
            spokesperson = (f"{person_name(r, com, True)} (mother)" if r() < 0.7 else
                            f"{person_name(r, com, False)} (father)")
        elif access and "support worker" in access:
            spokesperson = f"{person_name(r, COMMUNITIES['white_british'], True)} (support worker)"
        self_described = None
        if r() < 0.45 or (flav.key in ("transgender", "sexual_orientation") and r() < 0.4):
            if flav.strand == "RACE":
                self_described = com.label
            else:
                described = GENDERED_SELF.get((flav.key, gender), flav.self_described)
                self_described = described[profile % len(described)]
                if "hijab" in self_described and not female:
                    self_described = "Muslim"
        vname = person_name(r, com, female, 0.25)
        email = None
        if not minor and r() < 0.55:
            latin = vname.split(" (")[0].split(" ")
            email = f"{ascii_name(latin[0])}.{ascii_name(latin[-1])}{rint(r, 1, 99)}@example.org"
        has_victim = not (unclassified and r() < 0.15)
        victim = self.person(
            reported, vname, incident - victim_age * 365 - rint(r, 0, 364), gender, vaddress,
            vpostcode, phone_number(r), email=email, safe_times=safe[0] if safe else None,
            channels=channels, no_voicemail=no_voicemail, notes=notes, interpreter=interpreter,
            language=language, access=access, spokesperson=spokesperson,
            self_described=self_described, statuses=statuses)
        if crime:
            victim["statement_ref"] = "MG11-V1"
        window = (safe[1], safe[2]) if safe else (9 * 60, 19 * 60)

        # The offence and how far the case has gone.
        offence: Offence = pick(r, OFFENCES[harm])
        hostile = [s for s in strands if s in S66_HOSTILITY]
        cda = crime and ("RACE" in strands or "RELIGION" in strands)
        if cda:
            adjective = ("Racially or religiously" if "RACE" in strands and "RELIGION" in strands
                         else "Racially" if "RACE" in strands else "Religiously")
            route: str | None = CDA_ROUTE[offence.cda_section[:4]]
            offence_text = f"{adjective} aggravated {offence.wording}"
            statute = f"Crime and Disorder Act 1998 {offence.cda_section}; {offence.statute}"
            hocr = offence.hocr_aggravated
        else:
            offence_text = offence.wording[0].upper() + offence.wording[1:]
            hocr = offence.hocr_basic
            # The basic offence. The s.66 uplift is its legal route, never part of the offence
            # or the statute; local strands only: no statutory uplift (a general aggravator).
            statute = offence.statute
            route = "SA2020_S66_UPLIFT" if hostile else None
        events: list[tuple[int, int, str, str | None, bool]] = []  # day, right, kind, note, key
        court = Court()
        charges: list[dict[str, Any]] = []
        if crime and known:
            charges = self.prosecution(court, events, reported, incident, end, force, town,
                                       offence, offence_text, statute, route, cda, hocr, strands,
                                       local, hostile, suspect_name, court_name)
        elif crime:
            if end - reported > 45 and r() < 0.5:
                court.status = "CLOSED"
                court.closed_on = reported + rint(r, 28, 45)
                events.append((court.closed_on, 6, "OTHER",
                               "Investigation filed: no suspect identified; to be reopened if "
                               "new information comes in", True))
                court.progress = ("No suspect has been identified and the investigation has "
                                  "been filed.")
            else:
                court.progress = "Enquiries to identify the suspect are continuing."
        elif end - reported > 30 and r() < 0.6:
            court.status = "CLOSED"
            court.closed_on = reported + rint(r, 10, 30)

        # Support: needs assessment and plan, referrals, VPS.
        assessments: list[dict[str, Any]] = []
        plans: list[dict[str, Any]] = []
        assessed = reported + rint(r, 0, 5)
        if has_victim and assessed < end:
            assessments.append(self.assessment(assessed, vlo, interpreter, language, access,
                                               online, harm, minor))
            if crime:
                events.append((assessed, 4, "NEEDS_ASSESSMENT_OFFERED", None, False))
            if end - assessed > 120 and r() < 0.2:
                assessments.append(self.assessment(
                    assessed + rint(r, 40, 110), vlo, interpreter, language, access, online,
                    harm, minor,
                    trigger="Re-assessed after a further incident"))
            plans.append(self.plan(assessments[-1], vlo, oic, town, court_name, court))
        referrals: list[dict[str, Any]] = []
        if has_victim:
            agencies = [flav.agencies[0]]
            if len(flav.agencies) > 1 and r() < 0.5:
                agencies.append(pick(r, flav.agencies[1:]))
            if force != "WARWICKSHIRE" and "EQUIP_WARWICKSHIRE" in agencies:
                agencies.remove("EQUIP_WARWICKSHIRE")
            if force == "WARWICKSHIRE" and "EQUIP_WARWICKSHIRE" not in agencies and r() < 0.15:
                agencies.append("EQUIP_WARWICKSHIRE")
            day = reported + rint(r, 0, 4)
            for agency in agencies:
                if day >= end:
                    break
                referrals.append(self.referral(day, agency, flav, enhanced, interpreter))
                day += rint(r, 1, 20)
            if court.charged_on is not None and (
                (court.status == "AT_COURT" and r() < 0.6) or (court.outcome and r() < 0.4)
            ):
                day = max(day, court.charged_on + rint(r, 1, 10))
                if day < end:
                    referrals.append(self.referral(day, "WITNESS_SERVICE", flav, enhanced,
                                                   interpreter))
            if crime:
                for ref in referrals:
                    day = datetime.date.fromisoformat(ref["referred_on"]).toordinal()
                    events.append((day, 4, "REFERRAL_MADE",
                                   ref["agency_other"] or AGENCY_NAMES[ref["agency"]], False))
        statements: list[dict[str, Any]] = []
        if crime and known and has_victim and r() < 0.7:
            vps = self.vps(reported, bool(charges), court.outcome, end)
            statements.append(vps)
            if vps["status"] != "NOT_YET_OFFERED":
                events.append((min(reported + rint(r, 1, 14), end - 1), 7, "VPS_OFFERED", None,
                               False))

        # Community impact statement and partnership sharing.
        community_target = place_type == "Place of worship" or (
            flav.key == "race_roma_traveller" and r() < 0.3)
        impact: list[dict[str, Any]] = []
        if community_target or (crime and r() < 0.04):
            label = flav.community_label or f"{com.label} community"
            first = DAY(incident)
            impact.append({
                "id": self.uid(reported + 10),
                "cis_type": "SPECIFIC" if community_target else "GENERIC",
                "author": pick(r, officers.inspectors[force]),
                "community": f"{label} in {town.name}",
                "period": f"1 {MONTHS[first.month][:3]} {first.year} to "
                          f"{short_date(min(end - 1, reported + 60))}",
                "served_on_all_parties": bool(charges) and r() < 0.7,
                "summary": (f"Describes fear and distress in the {label[0].lower()}{label[1:]} "
                            f"in {town.name} after the incident: people changing their routines, "
                            "avoiding the area and asking for reassurance patrols."),
            })
        shares: list[dict[str, Any]] = []
        share_consent = None
        if has_victim and (pattern or r() < 0.1) and reported + 20 < end:
            share_consent = "YES" if r() < 0.75 else pick(r, ("NO", "UNSURE"))
            day = reported + rint(r, 14, 40)
            for k in range(1 if r() < 0.8 else 2):
                if day >= end:
                    break
                month = DAY(day)
                shares.append({
                    "id": self.uid(day),
                    "partner": town.hipp if k == 0 else f"{town.council} (housing)",
                    "shared_on": ISO[day],
                    "purpose": pick(r, SHARE_PURPOSES),
                    "data_items": ("Victim's first name and area (not the full address), incident "
                                   "summary, strands, suspect's name"),
                    "lawful_basis": pick(r, LAWFUL_BASES),
                    "victim_consent": share_consent,
                    "no_consent_reason": None if share_consent == "YES" else (
                        "Sharing needed to prevent further offences against the victim "
                        "(DPA 2018 s.35); the victim was told."),
                    "meeting_ref": f"HIPP/{town.station}/{month.year}-{month.month:02d}",
                })
                day += rint(r, 21, 60)

        # The Victims' Code log, contacts and wishes.
        if crime and has_victim:
            events.append((reported, 2, "OTHER", "Crime recorded; crime reference given", False))
            events.append((reported, 3, "RJ_INFORMATION_GIVEN",
                           "Written information and restorative justice leaflet given", False))
            if interpreter:
                events.append((reported, 1, "OTHER", f"{language} interpreter arranged", False))
            if harm in ("D", "I"):
                events.append((assessed, 5, "OTHER", "Compensation information given", False))
            if court.arrested_on is not None and r() < 0.3:
                events.append((court.arrested_on + rint(r, 7, 40), 10, "OTHER",
                               "Victim's phone returned after the messages were downloaded"
                               if online else "Property seized as evidence returned", False))
            if court.outcome and court.outcome.startswith("CONVICTED"):
                events.append((court.outcome_day or end, 11, "OTHER",
                               "Victim Contact Scheme explained: not eligible, sentence under "
                               "12 months", False))
            if r() < 0.08:
                events.append((reported + rint(r, 20, 90), 12, "OTHER",
                               "Victim unhappy about a missed update; told how to complain",
                               False))
        code_events: list[dict[str, Any]] = []
        contacts: list[dict[str, Any]] = []
        wishes: list[dict[str, Any]] = []
        if has_victim:
            events.sort(key=itemgetter(0))
            told_days: list[tuple[int, str, str | None]] = []
            target_days = 1 if enhanced else 5
            for day, right, kind, note, key_decision in events:
                if day >= end:
                    continue
                told: int | None = day
                if key_decision:
                    deadline = working_days_after(day, target_days)
                    roll = r()
                    if roll < 0.8:
                        told = day if r() < 0.5 else rint(r, day, deadline)
                    elif roll < 0.95:
                        told = deadline + rint(r, 1, 8)
                    else:
                        told = None
                    if told is not None and told >= end:
                        told = None
                    if told is not None:
                        told_days.append((told, kind, note))
                code_events.append({
                    "id": self.uid(day), "supersedes_id": None, "right_number": right,
                    "event": kind, "event_date": ISO[day],
                    "victim_told_on": None if told is None else ISO[told], "notes": note,
                })
            contacts = self.contacts(reported, end, court.closed_on, told_days, vlo, oic, window,
                                     channels, no_voicemail, spokesperson, interpreter, language,
                                     suspect_name, after)
            wishes = self.wishes(reported, end, court.closed_on, vlo, share_consent, town, window,
                                 channels, subs, after, place_type)

        # The case record.
        perceived = ["VICTIM"]
        if witnesses and r() < 0.4:
            perceived.append("WITNESS")
        if r() < 0.15:
            perceived.append("POLICE_OFFICER_STAFF")
        if minor:
            perceived.append("FAMILY_MEMBER")
        if unclassified and r() < 0.5:
            perceived.append("THIRD_PARTY_REPORTING_ORG")
        who = PERCEIVED_BY[perceived[-1]]
        flags = ", ".join(s.lower().replace("_", " ") for s in strands + local)
        if crime:
            fcr = (f"Recorded as {offence_text[0].lower()}{offence_text[1:]} (HOCR {hocr}) with "
                   f"hate flag(s): {flags}; {short_date(reported + rint(r, 0, 3))}."
                   if r() < 0.85 else None)
            hocr_codes = [c["hocr_code"] for c in charges] or [hocr]
        elif record_type == "NON_CRIME_HATE_INCIDENT":
            fcr = ("No notifiable offence disclosed. Recorded as a non-crime hate incident under "
                   "the NCHI Code of Practice (2023); " + (
                       "the additional threshold is met, so the subject's details are recorded."
                       if suspects else "the additional threshold is not met, so no details of "
                       "the subject are recorded."))
            hocr_codes = []
        else:
            fcr = None
            hocr_codes = []
        summary = self.summary(
            incident, incident_time, victim_age, gender, doing, words, act, harm, flavour_act,
            graffiti, record_type, known, suspect_female, witnesses, foreign, online, place_type,
            court)
        next_review = None
        if court.status != "CLOSED":
            next_review = max(reported + 1, end + rint(r, -10, 28))
        decision = court.decision
        end_of_conduct = None
        if harm == "H" and not online:  # a course of conduct over some weeks, to the report
            end_of_conduct = min(reported, incident + 7 * int(subs["weeks"]))
        parts = place.split(", ")
        street, street_town = ((parts[-2], town.name) if len(parts) >= 3
                               else (varea, victim_town.name))
        case = {
            "id": self.uid(reported),
            "local_ref": f"L-DEMO-{self.index:06d}",
            "urn": court.urn,
            "crime_reference": (crime_reference(self.index, force, DAY(reported).year)
                                if crime else None),
            "force": force,
            "team": town.team,
            "status": court.status,
            "record_type": record_type,
            "monitored_strands": strands,
            "local_strands": local,
            "perceived_by": perceived,
            "perception_date": ISO[reported if r() < 0.8 else incident],
            "perception_note": f"{who} perceived the incident as {flav.perception} because of "
                               "the words used.",
            "hocr_codes": hocr_codes,
            "fcr_decision": fcr,
            "incident_date": ISO[incident],
            "incident_end_date": (None if end_of_conduct in (None, incident)
                                  else ISO[end_of_conduct]),
            "incident_time": incident_time,
            "reported_date": ISO[reported],
            "place": place,
            "place_type": place_type,
            "summary": summary,
            "oic": oic,
            "liaison_officer": vlo,
            "supervisor": supervisor,
            "file_stage": court.file_stage,
            "anticipated_plea": court.plea,
            "cps_area": "CPS West Midlands" if court.urn else None,
            "cms_hate_flag": court.urn is not None,
            "cps_charging_decision": decision,
            "protective_marking": "OFFICIAL_SENSITIVE" if r() < 0.92 else "OFFICIAL",
            "next_review_date": None if next_review is None else ISO[next_review],
            "retention_review_date": ISO[add_years(court.closed_on or reported, 6)],
            "victim_agreed_wishes_disclosed": has_victim and r() < 0.4,
            "voided_reason": None, "voided_at": None, "voided_by": None,
            "victim": victim if has_victim else None,
            "suspects": suspects,
            "witnesses": witnesses,
            "hostility_evidence": evidence,
            "wishes": wishes,
            "needs_assessments": assessments,
            "support_plans": plans,
            "referrals": referrals,
            "contacts": contacts,
            "victims_code_events": code_events,
            "charges": charges,
            "victim_personal_statements": statements,
            "community_impact_statements": impact,
            "partnership_shares": shares,
            "court_listings": [],
            "bail_records": [],
            "court_applications": [],
            "interview_accounts": [],
            "summary_signoffs": [],
            "disclosure_consents": [],
            "preflight_acknowledgements": [],
            "status_claims": [],
            "duty_records": [],
            "planned_contacts": [],
        }
        # Last, so that it draws its numbers after everything else.
        self.court_file(case, court, flav=flav, offence=offence, harm=harm, town=town,
                        street=street, street_town=street_town, words=words, act=act, subs=subs,
                        pattern=pattern, online=online)
        self.settle_preflight(case)
        self.victim_duties(case, window)  # last of all, as the court file before it
        return case
