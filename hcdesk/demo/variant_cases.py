"""The crafted demo cases (a) to (d): see :mod:`hcdesk.demo.variants`."""

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

# -- (a) a non-crime hate incident -------------------------------------------------------------


def _a(b: Crafted) -> dict[str, Any]:
    st = Story(
        key="a",
        title="non-crime hate incident (religion); no offence, no charge, no court file",
        town="Redditch", flavour="religion_muslim", record_type="NON_CRIME_HATE_INCIDENT",
        strands=["RELIGION"], local=[], incident_ago=48, report_delay=1, incident_time="19:30",
        place="Facebook group \"Redditch Matters\" (online)", place_type="Online",
        summary=(
            "Replying to news of a planning application for a prayer room at the community "
            "centre, a member of a local Facebook group posted: \"Another one? Redditch doesn't "
            "need any more of them. Keep them out.\" The thread named the victim, a trustee of "
            "the centre. The words are offensive but not threatening, and not grossly offensive "
            "or menacing (Communications Act 2003 s.127): no offence is disclosed. Recorded as a "
            "non-crime hate incident; the poster was given words of advice and removed the post."
        ),
        perception=("The victim perceived the post as motivated by hostility towards Muslims; "
                    "the group's moderator agreed and removed the thread."),
        victim=Person("Amina Rahman", "Female", 46, "22 Mayfield Road, Batchley, Redditch",
                      "B97 4ZZ", "07700 900611",
                      {"safe_channels": ["PHONE", "EMAIL"],
                       "self_described_characteristics": "Muslim; trustee of the centre"}),
        suspects=[Person("Gareth Wilks", "Male", 51, "5 Other Road, Winyates, Redditch",
                         "B98 0ZZ")],
        fcr=("No notifiable offence disclosed. Recorded as a non-crime hate incident under the "
             "NCHI Code of Practice (2023); the additional threshold is met (the post named the "
             "victim, with a real risk of further incidents before the planning meeting), so the "
             "subject's details are recorded."),
        status="CLOSED", closed_ago=30,
    )
    case, ctx = b.scaffold(st)
    initials = officer_initials(ctx["oic"])
    b.ev(case, ctx["reported"], "RELIGION", None, "DEMONSTRATED", "DURING",
         "\"Another one? Redditch doesn't need any more of them. Keep them out.\"",
         "SOCIAL_MEDIA", exhibit=f"{initials}/1", factors=["COMMUNITY_FEAR"])
    return b.finish(case, ctx, [])


# -- (b) race, CDA s.31 charged ----------------------------------------------------------------


def _b(b: Crafted) -> dict[str, Any]:
    earlier = b.day(170)
    st = Story(
        key="b",
        title="race; CDA 1998 s.31 aggravated offence charged (POA 1986 s.4A underlying)",
        town="Rugby", flavour="race_black", record_type="HATE_CRIME", strands=["RACE"], local=[],
        incident_ago=80, report_delay=0, incident_time="16:40",
        place="Number 85 bus, Clifton Road, Rugby", place_type="Bus",
        summary=(
            "At about 4.40pm the victim, a 44-year-old bus driver, asked a passenger to pay his "
            "fare. The man leaned into the cab and shouted \"Go back to Africa. You lot shouldn't "
            "be driving our buses,\" then made monkey noises at him in front of the passengers. "
            "The bus CCTV recorded it. Lee Garner was arrested the same evening."
        ),
        perception="The victim and a passenger perceived the abuse as racially motivated.",
        perceived_by=["VICTIM", "WITNESS"],
        victim=Person("Kwame Asante", "Male", 44, "31 Bilton Road, New Bilton, Rugby", "CV22 7ZZ",
                      "07700 900612",
                      {"safe_channels": ["PHONE", "TEXT_MESSAGE"],
                       "self_described_characteristics": "Black British (Ghanaian)"}),
        suspects=[Person(
            "Lee Garner", "Male", 34, "14 Hillmorton Road, Brownsover, Rugby", "CV21 1ZZ",
            "07700 900613",
            {"previous_incidents": (
                f"{short_date(earlier)}: said to another Black driver on route 85 \"you lot "
                "shouldn't be driving our buses\" (incident log, exhibit 3). Relied on as "
                "evidence of hostility: bad character notice served (CJA 2003 s.101(1)(d))."),
             "previous_incidents_relied_on": True,
             "group_association": "Follows and reposts a far-right group's account on X.",
             "intelligence": ("Intelligence (graded B2) that he has made racist remarks to "
                              "drivers at Rugby bus station; not corroborated.")},
        )],
        witnesses=[Person("Helen Shaw", "Female", 61, "8 Dunchurch Road, Rugby", "CV22 6ZZ",
                          "07700 900614")],
        fcr=("Recorded 2 days after: racially aggravated intentional harassment, alarm or "
             "distress (HOCR 9B), race hate-crime flag."),
        hocr_codes=["9B"], status="AT_COURT", file_stage="UPGRADE_TRIAL", plea="NOT_GUILTY",
        charged=True, statuses=["ENHANCED_PERSISTENTLY_TARGETED"], wishes_disclosed=True,
        wish=("I want him to answer for it in court. The other drivers feel the same.", "YES",
              "YES", None, "Screens, so I do not have to see him"),
        decision=(
            "Charge: racially aggravated intentional harassment, alarm or distress (Crime and "
            "Disorder Act 1998 s.31(1)(b); Public Order Act 1986 s.4A). Full Code Test met. The "
            "previous incident on route 85 is to be adduced as bad character (CJA 2003 "
            "s.101(1)(d)); the intelligence and the group association are not relied on."),
    )
    case, ctx = b.scaffold(st)
    incident, court, oic = ctx["incident"], ctx["town"].courts[0], ctx["oic"]
    x = officer_initials(oic)
    suspect, victim = case["suspects"][0], case["victim"]
    suspect["previous_incidents"] = suspect["previous_incidents"].replace("exhibit 3", f"{x}/3")
    words = "\"Go back to Africa. You lot shouldn't be driving our buses.\""
    b.ev(case, incident, "RACE", None, "DEMONSTRATED", "DURING",
         f"{words} Then made monkey noises at the driver.", "CCTV", exhibit=f"{x}/1",
         factors=["DISTRESS_BEYOND_OFFENCE"])
    b.ev(case, incident + 1, "RACE", None, "DEMONSTRATED", "DURING", words,
         "WITNESS_STATEMENT_MG11", witness="MG11-W1", by="WITNESS")
    b.ev(case, incident + 3, "RACE", None, "MOTIVATED", "BACKGROUND_EARLIER",
         f"{short_date(earlier)}: said to another Black driver on the same route \"you lot "
         f"shouldn't be driving our buses\" (incident log, exhibit {x}/3).",
         "PREVIOUS_INCIDENT", exhibit=f"{x}/3", by="POLICE_OFFICER_STAFF", factors=["PATTERN"],
         relied_on=True)
    b.ev(case, incident + 5, "RACE", None, "MOTIVATED", "BACKGROUND_EARLIER",
         "His X account follows and reposts a far-right group's material (phone download).",
         "GROUP_ASSOCIATION", exhibit=f"{x}/4", by="POLICE_OFFICER_STAFF",
         factors=["GROUP_MEMBERSHIP"], disclosure="POLICE_CPS_ONLY")
    victim["statement_date"] = ISO[incident]
    victim["statement_summary"] = (
        "Asked the man for his fare; he leaned into the cab and shouted the words about Africa, "
        "then made monkey noises. Felt humiliated in front of the passengers and has not driven "
        "route 85 since.")
    w = case["witnesses"][0]
    w["statement_date"] = ISO[incident + 1]
    w["statement_summary"] = ("Sitting near the front; heard the man shout \"Go back to Africa\" "
                              "at the driver and make monkey noises. The driver was shaking.")
    charged, first, trial = incident + 20, incident + 41, b.day(-35)
    b.charge(
        case, suspect, offence="Racially aggravated intentional harassment, alarm or distress",
        statute="Crime and Disorder Act 1998 s.31(1)(b); Public Order Act 1986 s.4A",
        route="CDA_S31_PUBLIC_ORDER", underlying="POA_S4A", hocr="9B", available=True,
        charged=True, offence_day=incident, charged_on=charged, plea="NOT_GUILTY",
        elements=b.elements("POA_S4A", evidence_by_kind(
            f"CCTV {x}/1; MG11-V1 (the victim); MG11-W1 (Helen Shaw)",
            "He leaned into the cab and shouted at the driver; in interview (MG15-S1) he admits "
            "being angry with him",
            "MG11-V1: humiliated and shaken; MG11-W1: the driver was shaking"),
            ("DEMONSTRATED", f"{words} and the monkey noises (CCTV {x}/1, MG11-V1, MG11-W1); "
                             f"the previous incident ({x}/3) relied on as bad character"),
            "Racially", "racial"))
    b.vps_made(case, incident + 30, "READ_BY_VICTIM", ["EMOTIONAL_PSYCHOLOGICAL", "NO_LONGER_SAFE"],
               "Made at the depot with his union representative.")
    conditions = ("Not to contact Kwame Asante directly or indirectly; not to travel on route 85; "
                  "not to enter Rugby bus station")
    case["bail_records"] += [
        b.bail(suspect, "POLICE_BAIL", incident, charged, conditions,
               "To protect the victim: the suspect uses the route every day."),
        b.bail(suspect, "COURT_BAIL", first, trial, conditions,
               "Risk of further offences against the victim and of interference with witnesses."),
    ]
    case["interview_accounts"].append(b.interview(
        incident, suspect, "PARTIAL_ADMISSION",
        "Admits an argument with the driver about the fare and swearing at him; denies the words "
        "about Africa and the noises.",
        "Denies any racial hostility; when the CCTV was played said \"I was just angry about the "
        "fare.\"", "MG15-S1"))
    case["court_listings"] += [
        b.listing(first, court, "10:00", "FIRST_HEARING", "Pleaded not guilty; trial fixed."),
        b.listing(trial, court, "10:00", "TRIAL",
                  "Special measures granted: screens for the victim. Bad character notice served."),
    ]
    case["court_applications"].append(b.application(
        charged, suspect, "RESTRAINING_ORDER",
        "Not to contact Kwame Asante directly or indirectly, and not to travel on route 85 or "
        "enter Rugby bus station, for 2 years",
        "Protection from Harassment Act 1997 s.5 (on conviction): he has targeted drivers on "
        "this route before and uses it daily.", True, None))
    b.signoffs(case, ctx, first - 3, 1, "Charge file for the first hearing")
    b.signoffs(case, ctx, b.day(6), 2, "Upgraded file for trial")
    case["preflight_acknowledgements"].append(b.acknowledgement(
        b.day(6), b.stamp(b.day(6), 9 * 60), "bad_character",
        "A previous incident is relied on as evidence of hostility: a bad character notice "
        "must be served on the defence.", oic,
        f"Served on {short_date(first + 7)} (CJA 2003 s.101(1)(d)); no application to exclude."))
    events: Events = [(ctx["reported"] + 1, 4, "NEEDS_ASSESSMENT_OFFERED", None),
                      (incident + 10, 7, "VPS_OFFERED", None),
                      (first, 8, "COURT_DATE_SET", f"Trial at {court} on {short_date(trial)}")]
    arrest_events(events, incident)
    charge_events(events, charged, first, court, "racially aggravated s.4A")
    return b.finish(case, ctx, events)


# -- (c) race: aggravated form available, basic offence charged --------------------------------


def _c(b: Crafted) -> dict[str, Any]:
    st = Story(
        key="c",
        title=("race; the aggravated form (CDA 1998 s.31) was available but basic POA 1986 s.5 "
               "is charged, so the s.66 uplift is to be considered"),
        town="Worcester", flavour="race_eastern_european", record_type="HATE_CRIME",
        strands=["RACE"], local=[], incident_ago=60, report_delay=0, incident_time="11:20",
        place="Convenience store, Friar Street, Worcester", place_type="Shop",
        summary=(
            "At about 11.20am the victim, a 29-year-old shop assistant, was serving at the till "
            "when a customer, hearing her speak Polish to a colleague, said \"Speak English, "
            "you're in England now. Go back to Poland.\" He swore at her and left. Carl Bennett "
            "was interviewed under caution and admitted it."
        ),
        perception="The victim perceived the remark as hostility to her Polish nationality.",
        victim=Person("Agnieszka Nowak", "Female", 29, "Flat 4, 19 Tallow Hill, Worcester",
                      "WR5 1ZZ", "07700 900621",
                      {"safe_channels": ["TEXT_MESSAGE"],
                       "self_described_characteristics": "Polish"}),
        suspects=[Person("Carl Bennett", "Male", 52, "40 Canada Way, Barbourne, Worcester",
                         "WR3 7ZZ")],
        fcr="Recorded as harassment, alarm or distress (HOCR 9A) with the race hate-crime flag.",
        hocr_codes=["9A"], status="AT_COURT", file_stage="SENTENCE", plea="GUILTY", charged=True,
        wish=("I want the court to know he said it because I am Polish.", "YES", "YES", None,
              None),
        decision=(
            "Charge: harassment, alarm or distress (Public Order Act 1986 s.5). The racially "
            "aggravated form (Crime and Disorder Act 1998 s.31(1)(c)) was available and was "
            "considered; the basic offence was charged on the reviewing lawyer's decision. The "
            "racial hostility is to be put before the court on sentence."),
    )
    case, ctx = b.scaffold(st)
    incident, court, oic = ctx["incident"], ctx["town"].courts[0], ctx["oic"]
    x = officer_initials(oic)
    suspect, victim = case["suspects"][0], case["victim"]
    words = "\"Speak English, you're in England now. Go back to Poland.\""
    b.ev(case, incident, "RACE", None, "DEMONSTRATED", "DURING", words, "CCTV",
         exhibit=f"{x}/1")
    victim["statement_date"] = ISO[incident]
    victim["statement_summary"] = ("Serving at the till; the customer heard her speak Polish and "
                                   "said the words. She was upset and went into the back room.")
    interviewed, charged = incident + 6, incident + 14
    first, sentence = incident + 35, b.day(-12)
    b.charge(
        case, suspect, offence="Harassment, alarm or distress",
        statute="Public Order Act 1986 s.5", route="CDA_S31_PUBLIC_ORDER",
        underlying="POA_S5", hocr="9A", available=True, charged=False, offence_day=incident,
        charged_on=charged, plea="GUILTY", outcome="CONVICTED", outcome_day=first,
        elements=b.elements("POA_S5", evidence_by_kind(
            f"CCTV {x}/1; MG11-V1 (the victim)",
            "Admitted in interview (MG15-S1)",
            "Said at the till, in the hearing of the victim and her colleague (MG11-V1)"),
            None))
    case["interview_accounts"].append(b.interview(
        interviewed, suspect, "FULL_ADMISSION",
        "Voluntary interview under caution. Admits telling her to speak English and to go back "
        "to Poland, and swearing.",
        "Accepts the words were about her being Polish; says he was frustrated, \"not racist\".",
        "MG15-S1"))
    case["bail_records"].append(b.bail(
        suspect, "COURT_BAIL", first, sentence, "Not to enter the shop on Friar Street",
        "To prevent further offences at the victim's workplace."))
    case["court_listings"] += [
        b.listing(first, court, "10:00", "FIRST_HEARING",
                  "Pleaded guilty; adjourned for a pre-sentence report."),
        b.listing(sentence, court, "14:00", "SENTENCE",
                  "Sentence. The court to be reminded of the racial hostility."),
    ]
    b.signoffs(case, ctx, charged + 2, 1, "Charge file (guilty plea anticipated)",
               supervisor=False)
    case["preflight_acknowledgements"].append(b.acknowledgement(
        charged + 2, b.stamp(charged + 2, 9 * 60), "aggravated_not_charged",
        "The racially aggravated form (CDA 1998 s.31) was available but the basic offence is "
        "charged: the court should not normally apply a s.66 uplift for race.", oic,
        f"The CPS reviewing lawyer's decision of {short_date(charged)}; raised with the CPS and "
        "recorded in the charging decision."))
    events: Events = [(incident + 1, 4, "NEEDS_ASSESSMENT_OFFERED", None),
                      (interviewed, 6, "SUSPECT_INTERVIEWED", "Voluntary interview under caution"),
                      (first, 9, "COURT_OUTCOME", "Pleaded guilty; sentence adjourned"),
                      (first, 8, "COURT_DATE_SET", f"Sentence on {short_date(sentence)}")]
    charge_events(events, charged, first, court, "s.5 Public Order Act 1986")
    return b.finish(case, ctx, events)


# -- (d) disability: s.66 uplift on an assault -------------------------------------------------


def _d(b: Crafted) -> dict[str, Any]:
    st = Story(
        key="d",
        title=("disability hostility; assault by beating with a Sentencing Act 2020 s.66 uplift "
               "sought (no CDA route)"),
        town="Leamington Spa", flavour="disability_learning", record_type="HATE_CRIME",
        strands=["DISABILITY"], local=[], incident_ago=150, report_delay=1,
        incident_time="18:10", place="Park, Lillington, Leamington Spa", place_type="Park",
        summary=(
            "At about 6.10pm the victim, a 27-year-old man with a learning disability, was "
            "walking home through the park. A man filmed him, said \"Look at the retard. Dance "
            "for us,\" then pushed him to the ground and kicked his legs. The victim grazed "
            "his hands. Jordan Pryce was arrested after the film was posted online."
        ),
        perception=("The victim's support worker and the attending officer perceived it as "
                    "motivated by hostility to disability."),
        perceived_by=["VICTIM", "CARER_PROFESSIONAL", "POLICE_OFFICER_STAFF"],
        victim=Person("Daniel Hughes", "Male", 27, "6 Cubbington Road, Lillington, Leamington Spa",
                      "CV32 7ZZ", "07700 900631", {
                          "safe_channels": ["LETTER", "IN_PERSON", "VIA_THIRD_PARTY"],
                          "access_needs": ("Learning disability: Easy Read letters, a support "
                                           "worker at meetings, an intermediary for evidence"),
                          "nominated_spokesperson": "Sarah Cole (support worker)"}),
        suspects=[Person("Jordan Pryce", "Male", 22, "17 Valley Road, Lillington, Leamington Spa",
                         "CV32 8ZZ")],
        witnesses=[Person("Ravi Mistry", "Male", 38, "2 Lime Avenue, Leamington Spa", "CV32 9ZZ",
                          "07700 900632")],
        fcr="Recorded as assault without injury (HOCR 105A) with the disability hate-crime flag.",
        hocr_codes=["105A"], status="CLOSED", file_stage="SENTENCE", plea="GUILTY", charged=True,
        closed_ago=62, harm="A", statuses=["ENHANCED_VULNERABLE_OR_INTIMIDATED"],
        wish=("I want him to stop picking on people like me.", "YES", "YES", None,
              "An intermediary, and to give evidence by live link if there is a trial"),
        decision=(
            "Charge: assault by beating (Criminal Justice Act 1988 s.39). Full Code Test met. "
            "There is no aggravated form for disability: on conviction the court is to be asked "
            "to increase the sentence for hostility on grounds of disability (Sentencing Act "
            "2020 s.66) and to say so in open court."),
    )
    case, ctx = b.scaffold(st)
    incident, court, oic = ctx["incident"], ctx["town"].courts[0], ctx["oic"]
    x = officer_initials(oic)
    suspect, victim = case["suspects"][0], case["victim"]
    words = "\"Look at the retard. Dance for us.\""
    b.ev(case, incident + 1, "DISABILITY", None, "DEMONSTRATED", "IMMEDIATELY_BEFORE",
         f"{words} Filmed on the suspect's phone and posted on Snapchat.", "SOCIAL_MEDIA",
         exhibit=f"{x}/1", factors=["DISTRESS_BEYOND_OFFENCE"])
    b.ev(case, incident + 2, "DISABILITY", None, "DEMONSTRATED", "DURING", words,
         "WITNESS_STATEMENT_MG11", witness="MG11-W1", by="WITNESS")
    victim["statement_date"] = ISO[incident + 3]
    victim["statement_summary"] = ("Given with an intermediary and his support worker: the man "
                                   "called him names, filmed him and pushed him over. He is now "
                                   "afraid to go to the park.")
    w = case["witnesses"][0]
    w["statement_date"] = ISO[incident + 2]
    w["statement_summary"] = ("Walking his dog; heard the words, saw the man push the victim to "
                              "the ground and kick his legs while another filmed.")
    arrested, charged, first, sentence = incident + 4, incident + 25, incident + 46, incident + 88
    b.charge(
        case, suspect, offence="Assault by beating", statute="Criminal Justice Act 1988 s.39",
        route="SA2020_S66_UPLIFT", underlying=None, hocr="105A", available=False, charged=False,
        offence_day=incident, charged_on=charged, plea="GUILTY", outcome="CONVICTED",
        outcome_day=first,
        sentence=("12-month community order with 120 hours' unpaid work (increased from 80 hours "
                  "for the hostility to disability, stated in open court); £100 compensation"),
        uplift_stated=True,
        elements=b.elements("COMMON_ASSAULT", evidence_by_kind(
            f"The film ({x}/1); MG11-V1 (the victim, with an intermediary); MG11-W1 (Ravi Mistry)",
            "Admitted in interview (MG15-S1); the film shows a deliberate push and kicks",
            "Grazes to both hands (photographs)",
            "Admitted in interview; no self-defence arises on the film"), None))
    b.vps_made(case, first + 20, "READ_BY_PROSECUTOR",
               ["EMOTIONAL_PSYCHOLOGICAL", "VULNERABLE_OR_INTIMIDATED", "QUALITY_OF_LIFE"],
               "Easy Read version; his support worker helped him.", updated=True)
    case["interview_accounts"].append(b.interview(
        arrested, suspect, "FULL_ADMISSION",
        "Admits pushing him over and kicking him and posting the film.",
        "Accepts calling him \"retard\"; says it was \"banter\" and he did not think it would "
        "upset him.", "MG15-S1"))
    conditions = "Not to contact Daniel Hughes directly or indirectly; not to enter the park"
    case["bail_records"] += [
        b.bail(suspect, "POLICE_BAIL", arrested, charged, conditions,
               "The victim is vulnerable and lives nearby."),
        b.bail(suspect, "COURT_BAIL", first, sentence, conditions,
               "To protect a vulnerable victim until sentence."),
    ]
    case["court_listings"] += [
        b.listing(first, court, "10:00", "FIRST_HEARING",
                  "Pleaded guilty; adjourned for a pre-sentence report."),
        b.listing(sentence, court, "14:00", "SENTENCE",
                  "Sentence increased for the hostility to disability, stated in open court."),
    ]
    case["court_applications"] += [
        b.application(charged, suspect, "RESTRAINING_ORDER",
                      "Not to contact Daniel Hughes directly or indirectly, and not to enter the "
                      "park in Lillington, for 3 years",
                      "Protection from Harassment Act 1997 s.5: a vulnerable victim who lives "
                      "nearby.", True, f"Made on {short_date(sentence)} for 3 years"),
        b.application(charged, suspect, "COMPENSATION_ORDER", "£100 for the injuries",
                      "Sentencing Act 2020 s.133.", True,
                      f"£100 ordered on {short_date(sentence)}"),
    ]
    b.signoffs(case, ctx, first - 4, 1, "Charge file for the first hearing")
    b.signoffs(case, ctx, sentence - 5, 2, "Sentence file: the s.66 uplift to be asked for")
    events: Events = [(incident + 2, 4, "NEEDS_ASSESSMENT_OFFERED", None),
                      (incident + 10, 7, "VPS_OFFERED", None),
                      (first, 8, "COURT_DATE_SET", f"Sentence on {short_date(sentence)}"),
                      (sentence, 9, "COURT_OUTCOME", "Convicted and sentenced; uplift stated")]
    arrest_events(events, arrested)
    charge_events(events, charged, first, court, "assault by beating")
    return b.finish(case, ctx, events)


BUILDERS: dict[str, Callable[[Crafted], dict[str, Any]]] = {"a": _a, "b": _b, "c": _c, "d": _d}
