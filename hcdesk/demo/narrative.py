"""The words of a case: where it happened and what the victim was doing, and the summary, a
neutral police-style account."""

from __future__ import annotations

from typing import Any

from hcdesk.demo.base import CaseBase, Court
from hcdesk.demo.kit import long_date, pick, quoted, rint
from hcdesk.demo.tables import (
    AFTERMATH,
    ONLINE_AFTERMATH,
    PLATFORMS,
    SCHOOLS,
    VERBS_OF_SPEECH,
    VERDICTS,
    WORKPLACES,
    WORSHIP,
    Flavour,
    Foreign,
    Town,
)


class Narrative(CaseBase):
    """The place and the summary (a part of :class:`hcdesk.demo.case.Case`)."""

    __slots__ = ()

    def place(self, place_type: str, town: Town, home_area: str,
              flav: Flavour) -> tuple[str, str, str]:
        """(place, what the victim was doing there, platform if online)."""
        r = self.r
        name = town.name
        street = pick(r, town.streets)
        area = pick(r, town.areas)
        platform = pick(r, PLATFORMS)
        if place_type == "Bus":
            route = rint(r, 1, 99)
            return (f"Number {route} bus, {street}, {name}",
                    f"travelling on the number {route} bus along {street}, {name}", platform)
        if place_type == "Shop":
            doing = (f"working in a convenience store on {street}, {name}" if r() < 0.5 else
                     f"in a convenience store on {street}, {name}")
            return f"Convenience store, {street}, {name}", doing, platform
        if place_type == "Home address":
            return (f"Victim's home address, {home_area}, {name}",
                    f"at home in {home_area}, {name}", platform)
        if place_type == "Online":
            return f"{platform} (online)", f"using {platform}", platform
        if place_type == "School":
            school = pick(r, SCHOOLS)
            return (f"{school[0].upper()}{school[1:]}, {area}, {name}",
                    f"at school in {area}, {name}", platform)
        if place_type == "Workplace":
            work = pick(r, WORKPLACES)
            return (f"{work[0].upper()}{work[1:]}, {area}, {name}",
                    f"at work at {work} in {area}, {name}", platform)
        if place_type == "Takeaway":
            return (f"Takeaway, {street}, {name}", f"working at a takeaway on {street}, {name}",
                    platform)
        if place_type == "Taxi":
            return (f"Private hire vehicle, {street}, {name}",
                    f"working as a private hire driver and had picked up a fare on {street}, "
                    f"{name}", platform)
        if place_type == "Park":
            return f"Park, {area}, {name}", f"walking through a park in {area}, {name}", platform
        if place_type == "Pub":
            return f"Public house, {street}, {name}", f"in a pub on {street}, {name}", platform
        if place_type == "Train station":
            return (f"{name} railway station", f"waiting at {name} railway station", platform)
        if place_type == "Place of worship":
            what = WORSHIP.get(flav.key, "church")
            return (f"{what.capitalize()}, {area}, {name}", f"outside the {what} in {area}, {name}",
                    platform)
        return f"{street}, {name}", f"walking along {street}, {name}", platform


    def summary(
        self,
        incident: int,
        incident_time: str,
        age: int,
        gender: str,
        doing: str,
        words: str,
        act: str,
        harm: str,
        flavour_act: bool,
        graffiti: bool,
        record_type: str,
        known: bool,
        suspect_female: bool,
        witnesses: list[dict[str, Any]],
        foreign: Foreign | None,
        online: bool,
        place_type: str,
        court: Court,
    ) -> str:
        """A neutral police-style account in two to five sentences."""
        r = self.r
        if age < 18:
            person = {"Female": "girl", "Male": "boy"}.get(gender, "young person")
        else:
            person = {"Female": "woman", "Male": "man"}.get(gender, "person")
        hh, mm = (int(x) for x in incident_time.split(":"))
        clock = f"{hh % 12 or 12}.{mm:02d}{'am' if hh < 12 else 'pm'}"
        day = long_date(incident)
        when = f"On {day}" if online else f"At about {clock} on {day}"
        article = "an" if age in (8, 11, 18) or 80 <= age <= 89 else "a"
        out = [f"{when} the victim, {article} {age}-year-old {person}, was {doing}."]
        sex = "female" if suspect_female else "male"
        actor = (f"A {sex} pupil" if place_type == "School" else
                 f"A {sex} known to the victim" if known and r() < 0.5 else
                 f"An unknown {sex}" if not known else f"A {sex}")
        if online:
            out.append(f"{actor} posted and sent messages including {quoted(words)}")
            if harm == "H" and not flavour_act:
                out.append(f"The suspect {act}.")
        elif graffiti:
            out.append(f"{actor} {act}.")
        elif harm == "V":
            if flavour_act:
                out.append(f"{actor} {act}, saying {quoted(words)}")
            else:
                verb = pick(r, VERBS_OF_SPEECH)
                out.append(f"{actor} {verb} the victim: {quoted(words)}")
        else:
            out.append(f"{actor} said \"{words}\" and {act}.")
        if foreign:
            how = "written" if online else "said"
            out.append(f"The words were {how} in {foreign.language}; the "
                       "translation is in the victim's statement.")
        if harm == "I":
            out.append("The victim was taken to hospital and discharged the same day.")
        elif online:
            out.append(pick(r, ONLINE_AFTERMATH))
        elif harm in ("A", "V") and r() < 0.7:
            out.append(pick(r, AFTERMATH))
        elif harm == "D":
            out.append(f"The damage is estimated at £{rint(r, 6, 90) * 10}.")
        if record_type == "NON_CRIME_HATE_INCIDENT":
            out.append("No offence is disclosed; recorded as a non-crime hate incident.")
        elif record_type == "HATE_INCIDENT_UNCLASSIFIED":
            out.append("Reported through a third-party reporting centre; not yet classified.")
        elif court.progress:
            out.append(court.progress)
        if (record_type == "HATE_CRIME" and witnesses and len(out) < 5
                and place_type in ("Bus", "Shop", "Takeaway", "Taxi")):
            out.append("CCTV has been requested and witness statements taken.")
        if court.outcome and len(out) < 5:
            out.append(f"On {long_date(court.outcome_day or incident)} the defendant was "
                       f"{VERDICTS[court.outcome]}.")
        return " ".join(out[:5])
