"""The crafted demo cases (e) to (h): see :mod:`hcdesk.demo.variants`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hcdesk.demo.crafted import (
    Crafted,
    Events,
    Person,
    Story,
    arrest_events,
    charge_events,
    evidence_by_kind,
)
from hcdesk.demo.kit import ISO, short_date
from hcdesk.demo.people import officer_initials

# -- (e) race and disability on a CDA s.29 charge ----------------------------------------------


def _e(b: Crafted) -> dict[str, Any]:
    st = Story(
        key="e",
        title=("race and disability; CDA 1998 s.29 racially aggravated ABH (OAPA 1861 s.47), "
               "with the disability hostility for a s.66 uplift on sentence"),
        town="Nuneaton", flavour="race_south_asian", record_type="HATE_CRIME",
        strands=["RACE", "DISABILITY"], local=[], incident_ago=120, report_delay=0,
        incident_time="13:05", place="Queens Road, Nuneaton", place_type="Street",
        summary=(
            "At about 1.05pm the victim, a 58-year-old wheelchair user, was on the pavement "
            "outside the post office. A man told him \"Get that thing out of my way, cripple,\" "
            "and then \"Go back to Pakistan,\" and tipped the wheelchair over. The victim hit "
            "his head on the kerb: a cut needing stitches and bruising. Shane Corrigan was "
            "arrested nearby."
        ),
        perception=("The victim perceived hostility to his race and to his disability; a "
                    "passer-by heard both remarks."),
        perceived_by=["VICTIM", "WITNESS"],
        victim=Person("Imran Hussain", "Male", 58, "12 Edward Street, Attleborough, Nuneaton",
                      "CV11 4ZZ", "07700 900651",
                      {"safe_channels": ["PHONE"],
                       "access_needs": "Wheelchair user: meetings on the ground floor",
                       "self_described_characteristics": "British Pakistani; wheelchair user"}),
        suspects=[Person("Shane Corrigan", "Male", 41, "3 Manor Court Road, Nuneaton",
                         "CV11 5ZZ", None,
                         {"orders_injunctions": "Conditional discharge (2024) for an assault"})],
        witnesses=[Person("Joanne Price", "Female", 50, "61 Queens Road, Nuneaton", "CV11 6ZZ",
                          "07700 900652")],
        fcr=("Recorded as racially aggravated assault with injury (HOCR 8P) with the race and "
             "disability hate-crime flags."),
        hocr_codes=["8P"], status="AT_COURT", file_stage="UPGRADE_TRIAL", plea="NOT_GUILTY",
        charged=True, harm="I",
        statuses=["ENHANCED_MOST_SERIOUS_CRIME", "ENHANCED_VULNERABLE_OR_INTIMIDATED"],
        decision=(
            "Charge: racially aggravated assault occasioning actual bodily harm (Crime and "
            "Disorder Act 1998 s.29(1)(b); Offences Against the Person Act 1861 s.47). Full "
            "Code Test met. The hostility to disability has no aggravated form: on conviction "
            "the court is to be asked to treat it as aggravating under Sentencing Act 2020 "
            "s.66."),
    )
    case, ctx = b.scaffold(st)
    incident, (court, crown), oic = ctx["incident"], ctx["town"].courts, ctx["oic"]
    x = officer_initials(oic)
    suspect, victim = case["suspects"][0], case["victim"]
    b.ev(case, incident, "RACE", None, "DEMONSTRATED", "DURING", "\"Go back to Pakistan.\"",
         "WITNESS_STATEMENT_MG11", witness="MG11-W1", by="WITNESS",
         factors=["DISTRESS_BEYOND_OFFENCE"])
    b.ev(case, incident, "DISABILITY", None, "DEMONSTRATED", "IMMEDIATELY_BEFORE",
         "\"Get that thing out of my way, cripple.\" Then tipped the wheelchair over.",
         "WITNESS_STATEMENT_MG11", witness="MG11-V1")
    b.ev(case, incident, "RACE", None, "DEMONSTRATED", "DURING",
         "CCTV from the post office shows him speaking to the victim, then tipping the chair.",
         "CCTV", exhibit=f"{x}/1", by="POLICE_OFFICER_STAFF")
    victim["statement_date"] = ISO[incident + 1]
    victim["statement_summary"] = ("The man swore about his wheelchair, told him to go back to "
                                   "Pakistan and tipped him out of the chair. He needed stitches "
                                   "and no longer goes out alone.")
    w = case["witnesses"][0]
    w["statement_date"] = ISO[incident]
    w["statement_summary"] = ("Waiting at the bus stop; heard \"cripple\" and \"go back to "
                              "Pakistan\" and saw the man tip the wheelchair over.")
    charged, first, ptph = incident + 1, incident + 2, incident + 30
    breach, trial = incident + 64, b.day(-40)
    b.charge(
        case, suspect, offence="Racially aggravated assault occasioning actual bodily harm",
        statute="Crime and Disorder Act 1998 s.29(1)(b); Offences Against the Person Act 1861 "
                "s.47", route="CDA_S29_ASSAULT", underlying="OAPA_S47", hocr="8P",
        available=True, charged=True, offence_day=incident, charged_on=charged,
        plea="NOT_GUILTY",
        elements=b.elements("OAPA_S47", evidence_by_kind(
            f"CCTV {x}/1; MG11-V1 (the victim); MG11-W1 (Joanne Price)",
            "Deliberately tipping the chair (CCTV); denied in interview (MG15-S1)",
            "A cut to the head needing stitches and bruising: medical notes and photographs"),
            ("DEMONSTRATED", "\"Go back to Pakistan\" (MG11-W1), said as he tipped the chair"),
            "Racially", "racial"))
    b.vps_made(case, incident + 20, "READ_BY_VICTIM",
               ["PHYSICAL", "EMOTIONAL_PSYCHOLOGICAL", "NO_LONGER_SAFE"],
               "Taken at home on the ground floor.")
    case["interview_accounts"].append(b.interview(
        incident, suspect, "DENIAL",
        "Says the wheelchair hit his legs and he pushed it away; it fell over by accident.",
        "Denies saying anything about the victim's race or his disability.", "MG15-S1"))
    conditions = "Not to contact Imran Hussain directly or indirectly; not to enter Queens Road"
    case["bail_records"] += [
        b.bail(suspect, "COURT_BAIL", first, breach, conditions,
               "Risk of further offences against a vulnerable victim who lives nearby."),
        b.bail(suspect, "REMANDED_IN_CUSTODY", breach, trial, None,
               "Arrested in Queens Road in breach of his bail conditions: substantial grounds "
               "to believe he would fail to surrender or commit further offences (Bail Act 1976 "
               "Sch.1 Part 1 paras 2 and 6)."),
    ]
    case["court_listings"] += [
        b.listing(first, court, "10:00", "FIRST_HEARING",
                  "Not guilty plea indicated; he elected trial in the Crown Court and was sent "
                  f"to {crown}."),
        b.listing(ptph, crown, "10:00", "PLEA_AND_TRIAL_PREPARATION",
                  "Pleaded not guilty; trial fixed. Special measures: screens."),
        b.listing(breach, crown, "14:00", "OTHER", "Bail breach: remanded in custody to trial."),
        b.listing(trial, crown, "10:00", "TRIAL", "Trial: two days; custody time limit noted."),
    ]
    case["court_applications"] += [
        b.application(charged, suspect, "RESTRAINING_ORDER",
                      "Not to contact Imran Hussain directly or indirectly, and not to enter "
                      "Queens Road, Nuneaton, for 5 years",
                      "Protection from Harassment Act 1997 s.5: a vulnerable victim; the "
                      "defendant breached bail to go to his street.", True, None),
        b.application(charged, suspect, "COMPENSATION_ORDER",
                      "£600 for the injury and the repair of the wheelchair",
                      "Sentencing Act 2020 s.133.", True, None),
    ]
    b.signoffs(case, ctx, first, 1, "Charge file for the first hearing")
    b.signoffs(case, ctx, ptph - 5, 2, "Crown Court file for the PTPH")
    events: Events = [(incident + 1, 4, "NEEDS_ASSESSMENT_OFFERED", None),
                      (incident + 5, 7, "VPS_OFFERED", None),
                      (ptph, 8, "COURT_DATE_SET", f"Trial at {crown} on {short_date(trial)}"),
                      (breach, 6, "OTHER", "Defendant remanded in custody after a bail breach")]
    arrest_events(events, incident, released=None)
    charge_events(events, charged, first, court, "racially aggravated ABH")
    return b.finish(case, ctx, events)


# -- (f) a local strand only ---------------------------------------------------------------------


def _f(b: Crafted) -> dict[str, Any]:
    st = Story(
        key="f",
        title=("local strand only (alternative subculture); no monitored strand, no statutory "
               "aggravation"),
        town="Shrewsbury", flavour="local_subculture", record_type="HATE_CRIME", strands=[],
        local=["ALTERNATIVE_SUBCULTURE"], incident_ago=140, report_delay=0,
        incident_time="22:40", place="Castle Street, Shrewsbury", place_type="Street",
        summary=(
            "At about 10.40pm the victim, a 19-year-old woman dressed as a goth, was walking to "
            "the station with a friend. A man said \"Look at the state of that freak. Weirdo,\" "
            "and punched her in the face, blacking her eye. Ryan Doherty was identified from "
            "CCTV."
        ),
        perception=("The victim perceived the attack as motivated by hostility to her "
                    "alternative appearance."),
        perceived_by=["VICTIM", "WITNESS"],
        victim=Person("Chloe Jenkins", "Female", 19, "9 Corporation Lane, Ditherington, "
                      "Shrewsbury", "SY1 4ZZ", "07700 900661",
                      {"safe_channels": ["TEXT_MESSAGE", "EMAIL"],
                       "self_described_characteristics": "Goth"}),
        suspects=[Person("Ryan Doherty", "Male", 26, "44 Whitchurch Road, Harlescott, "
                         "Shrewsbury", "SY1 3ZZ")],
        witnesses=[Person("Megan Lloyd", "Female", 20, "Flat 2, 5 Mardol, Shrewsbury", "SY1 1ZZ",
                          "07700 900662")],
        fcr=("Recorded as assault with injury (HOCR 8N) with the local alternative subculture "
             "flag."),
        hocr_codes=["8N"], status="CLOSED", file_stage="SENTENCE", plea="GUILTY", charged=True,
        closed_ago=70, harm="I",
        decision=(
            "Charge: assault occasioning actual bodily harm (Offences Against the Person Act "
            "1861 s.47). Full Code Test met. The hostility was to the victim's alternative "
            "appearance, a strand monitored locally: there is no aggravated offence and no "
            "statutory uplift; the hostility is to be put to the court as an aggravating factor "
            "under the assault guideline."),
    )
    case, ctx = b.scaffold(st)
    incident, court, oic = ctx["incident"], ctx["town"].courts[0], ctx["oic"]
    x = officer_initials(oic)
    suspect, victim = case["suspects"][0], case["victim"]
    b.ev(case, incident, None, "ALTERNATIVE_SUBCULTURE", "DEMONSTRATED", "IMMEDIATELY_BEFORE",
         "\"Look at the state of that freak. Weirdo.\"", "WITNESS_STATEMENT_MG11",
         witness="MG11-W1", by="WITNESS", factors=["DISTRESS_BEYOND_OFFENCE"])
    b.ev(case, incident + 1, None, "ALTERNATIVE_SUBCULTURE", "DEMONSTRATED", "DURING",
         "Town-centre CCTV shows him point at her clothes, laugh, and punch her.", "CCTV",
         exhibit=f"{x}/1", by="POLICE_OFFICER_STAFF")
    victim["statement_date"] = ISO[incident]
    victim["statement_summary"] = ("The man called her a freak and a weirdo because of how she "
                                   "was dressed, then punched her. She has a black eye and now "
                                   "changes out of her clothes before going into town.")
    w = case["witnesses"][0]
    w["statement_date"] = ISO[incident]
    w["statement_summary"] = "Walking with the victim; heard the words and saw the punch."
    arrested, charged, first, sentence = incident + 3, incident + 20, incident + 41, incident + 70
    b.charge(
        case, suspect, offence="Assault occasioning actual bodily harm",
        statute="Offences Against the Person Act 1861 s.47", route=None, underlying=None,
        hocr="8N", available=False, charged=False, offence_day=incident, charged_on=charged,
        plea="GUILTY", outcome="CONVICTED", outcome_day=first,
        sentence=("18 weeks' imprisonment suspended for 12 months, with a 20-day rehabilitation "
                  "requirement; the hostility to her appearance treated as aggravating; £250 "
                  "compensation"),
        basis=("Guilty on a written basis that it was a single punch, not planned. Accepted by "
               "the prosecution; he accepts the words."),
        elements=b.elements("OAPA_S47", evidence_by_kind(
            f"CCTV {x}/1; MG11-V1 (the victim); MG11-W1 (Megan Lloyd)",
            "A deliberate punch (CCTV); admitted in interview (MG15-S1)",
            "A black eye: photographs and the minor injuries unit's notes"), None))
    b.vps_made(case, first + 5, "READ_BY_PROSECUTOR", ["PHYSICAL", "EMOTIONAL_PSYCHOLOGICAL"],
               "Made by video call.")
    case["interview_accounts"].append(b.interview(
        arrested, suspect, "FULL_ADMISSION", "Admits punching her after an exchange of words.",
        "Accepts calling her a freak; says \"people dressed like that are asking for it\".",
        "MG15-S1"))
    case["bail_records"].append(b.bail(
        suspect, "COURT_BAIL", first, sentence, "Not to contact Chloe Jenkins directly or "
        "indirectly", "To protect the victim until sentence."))
    case["court_listings"] += [
        b.listing(first, court, "10:00", "FIRST_HEARING",
                  "Pleaded guilty on a written basis; adjourned for a pre-sentence report."),
        b.listing(sentence, court, "14:00", "SENTENCE", "Sentenced."),
    ]
    case["court_applications"].append(b.application(
        charged, suspect, "COMPENSATION_ORDER", "£250 for the injury",
        "Sentencing Act 2020 s.133.", True, f"£250 ordered on {short_date(sentence)}"))
    b.signoffs(case, ctx, first - 3, 1, "Charge file for the first hearing")
    events: Events = [(incident + 1, 4, "NEEDS_ASSESSMENT_OFFERED", None),
                      (sentence, 9, "COURT_OUTCOME", "Convicted and sentenced")]
    arrest_events(events, arrested, "SUSPECT_RELEASED_UNDER_INVESTIGATION")
    charge_events(events, charged, first, court, "ABH")
    return b.finish(case, ctx, events)


# -- (g) convicted, the aggravation not proved ---------------------------------------------------


def _g(b: Crafted) -> dict[str, Any]:
    st = Story(
        key="g",
        title=("religion; CDA 1998 s.31 charged (POA 1986 s.4A underlying); convicted of the "
               "basic offence, the aggravation not proved"),
        town="Kidderminster", flavour="religion_muslim", record_type="HATE_CRIME",
        strands=["RELIGION"], local=[], incident_ago=200, report_delay=0,
        incident_time="08:45", place="Vicar Street, Kidderminster", place_type="Street",
        summary=(
            "At about 8.45am the victim, a 35-year-old woman wearing a niqab, was walking her "
            "children to school. A driver she had asked to move off the crossing got out, "
            "shouted and swore at her, and, she says, said \"Take that thing off your face, "
            "you're in a Christian country.\" Paul Harding was interviewed and denied the words."
        ),
        perception="The victim perceived the remark as hostility towards Muslims.",
        victim=Person("Fatima Begum", "Female", 35, "27 Chester Road North, Oldington, "
                      "Kidderminster", "DY10 1ZZ", "07700 900671",
                      {"safe_channels": ["PHONE"], "self_described_characteristics": "Muslim"}),
        suspects=[Person("Paul Harding", "Male", 47, "8 Habberley Road, Kidderminster",
                         "DY11 5ZZ")],
        fcr=("Recorded as religiously aggravated intentional harassment, alarm or distress "
             "(HOCR 9B) with the religion hate-crime flag."),
        hocr_codes=["9B"], status="CLOSED", file_stage="SENTENCE", plea="NOT_GUILTY",
        charged=True, closed_ago=80,
        wish=("I told the truth about what he said. I want the court to hear it.", "YES", "YES",
              None, "To give evidence behind a screen"),
        decision=(
            "Charge: religiously aggravated intentional harassment, alarm or distress (Crime "
            "and Disorder Act 1998 s.31(1)(b); Public Order Act 1986 s.4A). Full Code Test met "
            "on the victim's account; the CCTV has no sound."),
    )
    case, ctx = b.scaffold(st)
    incident, court, oic = ctx["incident"], ctx["town"].courts[0], ctx["oic"]
    x = officer_initials(oic)
    suspect, victim = case["suspects"][0], case["victim"]
    words = "\"Take that thing off your face, you're in a Christian country.\""
    b.ev(case, incident, "RELIGION", None, "DEMONSTRATED", "DURING", words,
         "WITNESS_STATEMENT_MG11", witness="MG11-V1")
    b.ev(case, incident + 2, "RELIGION", None, "DEMONSTRATED", "DURING",
         "Shop CCTV (no sound) shows him shouting at her and pointing at her face.", "CCTV",
         exhibit=f"{x}/1", by="POLICE_OFFICER_STAFF")
    victim["statement_date"] = ISO[incident]
    victim["statement_summary"] = ("Asked the driver to move off the crossing; he got out, swore "
                                   "and said the words about her face covering. Her children "
                                   "were frightened.")
    interviewed, charged, first = incident + 7, incident + 30, incident + 51
    trial = incident + 120
    b.charge(
        case, suspect, offence="Religiously aggravated intentional harassment, alarm or distress",
        statute="Crime and Disorder Act 1998 s.31(1)(b); Public Order Act 1986 s.4A",
        route="CDA_S31_PUBLIC_ORDER", underlying="POA_S4A", hocr="9B", available=True,
        charged=True, offence_day=incident, charged_on=charged, plea="NOT_GUILTY",
        outcome="CONVICTED_AGGRAVATION_NOT_PROVED", outcome_day=trial,
        sentence=("Convicted of the basic offence (Public Order Act 1986 s.4A) as an "
                  "alternative: fine of £300, £85 costs; restraining order for 12 months. The "
                  "court was not sure the words about religion were said."),
        elements=b.elements("POA_S4A", evidence_by_kind(
            f"MG11-V1 (the victim); CCTV {x}/1 (no sound)",
            "He got out of the car to shout at her (CCTV); partly admitted in interview "
            "(MG15-S1)", "MG11-V1: she and her children were frightened"),
            ("DEMONSTRATED", f"{words} (MG11-V1 only; denied in interview)"),
            "Religiously", "religious"))
    case["interview_accounts"].append(b.interview(
        interviewed, suspect, "PARTIAL_ADMISSION",
        "Voluntary interview. Admits shouting and swearing at her about the crossing.",
        "Denies saying anything about her face covering or religion.", "MG15-S1"))
    case["bail_records"].append(b.bail(
        suspect, "COURT_BAIL", first, trial, "Not to contact Fatima Begum directly or indirectly",
        "To protect the victim, who walks past his house daily."))
    case["court_listings"] += [
        b.listing(first, court, "10:00", "FIRST_HEARING", "Pleaded not guilty; trial fixed."),
        b.listing(trial, court, "10:00", "TRIAL",
                  "Convicted of the basic s.4A offence; the religious aggravation not proved. "
                  "Sentenced the same day."),
    ]
    case["court_applications"].append(b.application(
        charged, suspect, "RESTRAINING_ORDER",
        "Not to contact Fatima Begum directly or indirectly for 12 months",
        "Protection from Harassment Act 1997 s.5 (on conviction).", True,
        f"Made on {short_date(trial)} for 12 months"))
    b.signoffs(case, ctx, first - 3, 1, "Charge file for the first hearing")
    b.signoffs(case, ctx, trial - 20, 2, "Upgraded file for trial")
    events: Events = [(incident + 1, 4, "NEEDS_ASSESSMENT_OFFERED", None),
                      (interviewed, 6, "SUSPECT_INTERVIEWED", "Voluntary interview under caution"),
                      (first, 8, "COURT_DATE_SET", f"Trial on {short_date(trial)}"),
                      (trial, 9, "COURT_OUTCOME", "Convicted; the aggravation not proved")]
    charge_events(events, charged, first, court, "religiously aggravated s.4A")
    return b.finish(case, ctx, events)


# -- (h) acquittal -------------------------------------------------------------------------------


def _h(b: Crafted) -> dict[str, Any]:
    st = Story(
        key="h",
        title=("race; CDA 1998 s.32 racially aggravated harassment (PHA 1997 s.2), a course of "
               "conduct; acquitted, restraining order on acquittal"),
        town="Hereford", flavour="race_roma_traveller", record_type="HATE_CRIME",
        strands=["RACE"], local=[], incident_ago=260, report_delay=43, incident_time="21:00",
        place="Home address, Newton Farm, Hereford", place_type="Home address",
        summary=(
            "Over six weeks the victim, a 40-year-old Irish Traveller, and her family found "
            "notes pushed through their door reading \"No Travellers here. Get off our "
            "street,\" and a neighbour shouted the same at them in the street. Martin Cole, the "
            "neighbour, admitted shouting but denied writing the notes. He was acquitted after "
            "trial."
        ),
        perception="The victim perceived the notes and the shouting as racially motivated.",
        victim=Person("Bridget McDonagh", "Female", 40, "16 Belmont Road, Newton Farm, Hereford",
                      "HR2 7ZZ", "07700 900681",
                      {"safe_channels": ["PHONE", "IN_PERSON"],
                       "self_described_characteristics": "Irish Traveller"}),
        suspects=[Person("Martin Cole", "Male", 63, "18 Belmont Road, Newton Farm, Hereford",
                         "HR2 7ZY")],
        witnesses=[Person("Siobhan McDonagh", "Female", 19, "16 Belmont Road, Newton Farm, "
                          "Hereford", "HR2 7ZZ", "07700 900682")],
        fcr="Recorded as racially aggravated harassment (HOCR 8M) with the race flag.",
        hocr_codes=["8M"], status="CLOSED", file_stage="UPGRADE_TRIAL", plea="NOT_GUILTY",
        charged=True, closed_ago=60, incident_end_ago=218, harm="H",
        statuses=["ENHANCED_PERSISTENTLY_TARGETED"],
        wish=("We want it to stop. I will go to court if I have to.", "YES", "YES", None,
              "To give evidence by live link"),
        decision=(
            "Charge: racially aggravated harassment (Crime and Disorder Act 1998 s.32(1)(a); "
            "Protection from Harassment Act 1997 s.2). Full Code Test met on the notes, the "
            "shouting and the handwriting comparison."),
    )
    case, ctx = b.scaffold(st)
    incident, court, oic = ctx["incident"], ctx["town"].courts[0], ctx["oic"]
    x = officer_initials(oic)
    suspect, victim = case["suspects"][0], case["victim"]
    words = "\"No Travellers here. Get off our street.\""
    b.ev(case, incident + 43, "RACE", None, "DEMONSTRATED", "DURING",
         f"Five handwritten notes: {words}", "OTHER", exhibit=f"{x}/1",
         by="POLICE_OFFICER_STAFF", factors=["PATTERN", "DISTRESS_BEYOND_OFFENCE"])
    b.ev(case, incident + 43, "RACE", None, "DEMONSTRATED", "DURING",
         f"Shouted in the street: {words}", "WITNESS_STATEMENT_MG11", witness="MG11-W1",
         by="WITNESS", factors=["PATTERN"])
    victim["statement_date"] = ISO[incident + 44]
    victim["statement_summary"] = ("Describes five notes over six weeks and the neighbour "
                                   "shouting at her family; her children are afraid to play "
                                   "outside.")
    w = case["witnesses"][0]
    w["statement_date"] = ISO[incident + 44]
    w["statement_summary"] = "The victim's daughter: heard the neighbour shout the words twice."
    reported = ctx["reported"]
    arrested, charged, first, trial = reported + 2, reported + 40, reported + 61, reported + 157
    b.charge(
        case, suspect, offence="Racially aggravated harassment",
        statute="Crime and Disorder Act 1998 s.32(1)(a); Protection from Harassment Act 1997 "
                "s.2", route="CDA_S32_HARASSMENT", underlying="PHA_S2", hocr="8M",
        available=True, charged=True, offence_day=incident, charged_on=charged,
        plea="NOT_GUILTY", outcome="ACQUITTED", outcome_day=trial,
        elements=b.elements("PHA_S2", evidence_by_kind(
            f"The notes ({x}/1) and the handwriting comparison; MG11-V1; MG11-W1",
            "Five notes and two occasions of shouting over six weeks",
            "MG11-V1: the family's fear and distress; the log of incidents"),
            ("DEMONSTRATED", f"{words} (the notes {x}/1; MG11-W1)"), "Racially", "racial"))
    case["interview_accounts"].append(b.interview(
        arrested, suspect, "PREPARED_STATEMENT",
        "Prepared statement: admits shouting once after a dispute about parking; denies writing "
        "any note. No comment to further questions.",
        "The statement does not deal with the words; no comment when they were put to him.",
        "MG15-S1"))
    conditions = "Not to contact the McDonagh family directly or indirectly"
    case["bail_records"] += [
        b.bail(suspect, "POLICE_BAIL", arrested, charged, conditions,
               "He lives next door to the victim."),
        b.bail(suspect, "COURT_BAIL", first, trial, conditions, "He lives next door."),
    ]
    case["court_listings"] += [
        b.listing(first, court, "10:00", "FIRST_HEARING", "Pleaded not guilty; trial fixed."),
        b.listing(trial, court, "10:00", "TRIAL",
                  "Acquitted: the court was not sure he wrote the notes. Restraining order made "
                  "on acquittal."),
    ]
    case["court_applications"].append(b.application(
        charged, suspect, "RESTRAINING_ORDER",
        "Not to contact the McDonagh family directly or indirectly, and not to put anything "
        "through their door, for 12 months",
        "Protection from Harassment Act 1997 s.5A (on acquittal): he admits shouting at the "
        "family, and they need protection even though the offence was not proved.", True,
        f"Made on acquittal on {short_date(trial)} for 12 months"))
    b.signoffs(case, ctx, first - 3, 1, "Charge file for the first hearing")
    b.signoffs(case, ctx, trial - 21, 2, "Upgraded file for trial")
    events: Events = [(reported + 1, 4, "NEEDS_ASSESSMENT_OFFERED", None),
                      (first, 8, "COURT_DATE_SET", f"Trial on {short_date(trial)}"),
                      (trial, 9, "COURT_OUTCOME", "Acquitted; restraining order on acquittal")]
    arrest_events(events, arrested)
    charge_events(events, charged, first, court, "racially aggravated harassment")
    return b.finish(case, ctx, events)


BUILDERS: dict[str, Callable[[Crafted], dict[str, Any]]] = {"e": _e, "f": _f, "g": _g, "h": _h}
