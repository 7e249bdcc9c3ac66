"""Synthetic, realistic demo cases in the interchange format (docs/interchange.md).

Everything here is invented. Names are made by joining a given name and a family name drawn
separately at random from one community's list, so they describe no real person. Addresses are
house numbers on generic street names, phone numbers are in Ofcom's drama range
(07700 900000-900999), e-mail addresses use the reserved ``example.org`` domain, and crime
references and URNs are made up.

The cases are meant to look like a Warwickshire or West Mercia hate-crime liaison officer's
caseload. Victims and suspects come from the communities that live in the area. Every monitored
and local strand appears, some cases carry more than one strand, and the timeline of each case
hangs together: reported after the incident, arrest, CPS decision, court, contacts and Victims'
Code notifications in date order. Support actions are due relative to ``today``, so some show
as overdue.

Each case comes from its own random generator, seeded from ``(seed, index)``. So a case depends
only on the seed, its index and ``today``: ``generate(20)`` holds the same cases as
``generate(10)`` followed by ``generate(10, start_index=11)``. Local references and crime
references are made from the index, so batches with different ``start_index`` never clash;
URNs are unique for the first 100,000 indexes. Ids are lower-case UUIDv7 (RFC 9562, counter
method): the timestamp is a moment on the record's date, ``rand_a`` numbers the case's records,
and ``rand_b`` is 62 random bits drawn once per case.

Coventry is policed by West Midlands Police, so it appears only as where victims and witnesses
live, never as the place of an incident.

For large numbers of cases use :func:`iter_cases` in batches: ``generate(100_000)`` holds about
2 GB of dicts.

    >>> doc = generate(3, seed=7, today=datetime.date(2026, 3, 1))
    >>> len(doc["cases"])
    3
"""

from __future__ import annotations

import dataclasses
import datetime
import gc
import random
import unicodedata
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import itemgetter
from typing import Any

from hcdesk.interchange.spec import FORMAT, VERSION

__all__ = ["generate", "iter_cases"]

Rand = Callable[[], float]

# -- small helpers -----------------------------------------------------------------------------


class _W:
    """A weighted list of choices, picked with one call to ``random()``."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self.items = [p[0] for p in pairs]
        self.cum = list(accumulate(p[1] for p in pairs))
        self.total = self.cum[-1]

    def pick(self, r: Rand) -> Any:
        return self.items[bisect(self.cum, r() * self.total)]


def _pick(r: Rand, seq: Sequence[Any]) -> Any:
    return seq[int(r() * len(seq))]


def _rint(r: Rand, lo: int, hi: int) -> int:
    """A whole number from ``lo`` to ``hi`` inclusive."""
    return lo + int(r() * (hi - lo + 1))


def _some(r: Rand, seq: Sequence[Any], k: int) -> list[Any]:
    """``k`` distinct items of ``seq``, in the order they appear in ``seq``."""
    n = len(seq)
    if k >= n:
        return list(seq)
    chosen: set[int] = set()
    while len(chosen) < k:
        chosen.add(int(r() * n))
    return [seq[i] for i in sorted(chosen)]


_EPOCH = datetime.date(1970, 1, 1).toordinal()
_ISO: dict[int, str] = {}  # day ordinal -> "YYYY-MM-DD", filled by _prepare()
_BST: set[int] = set()  # days on which UK clocks are on summer time, filled by _prepare()
_PREPARED: set[int] = set()
_DAY = datetime.date.fromordinal
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "", "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)


def _prepare(today: int) -> None:
    """Fill the day tables for every date a case made on ``today`` can hold.

    Dates of birth go back about 93 years, retention reviews forward six; looking dates up in
    a dict is much quicker than formatting each one.
    """
    if today in _PREPARED:
        return
    day = _DAY
    for d in range(today - 100 * 366, today + 7 * 366):
        if d not in _ISO:
            _ISO[d] = day(d).isoformat()
    for year in range(day(today).year - 3, day(today).year + 2):
        _BST.update(range(_last_sunday(year, 3), _last_sunday(year, 10)))
    _PREPARED.add(today)


def _long(day: int) -> str:
    """``Saturday 14 June 2025``."""
    d = _DAY(day)
    return f"{_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month]} {d.year}"


def _short(day: int) -> str:
    d = _DAY(day)
    return f"{d.day} {_MONTHS[d.month][:3]} {d.year}"


def _last_sunday(year: int, month: int) -> int:
    last = datetime.date(year, month + 1, 1).toordinal() - 1
    return last - (last % 7)  # ordinal % 7 == 0 is a Sunday


def _stamps(r: Rand, moments: list[tuple[int, int]], after: tuple[int, int]) -> list[str]:
    """UTC timestamps for (day, minute past local midnight in UK time) pairs, in that order.

    The moments are made strictly increasing (a clash moves one minute on), so a log sorted by
    time keeps the order it was written in. Every moment is later than ``after``.
    """
    out = []
    last = after
    for day, minute in moments:
        if (day, minute) <= last:
            day, minute = last[0], last[1] + 1
        last = (day, minute)
        utc = minute - 60 if day in _BST else minute
        d = day
        if utc >= 1440:
            d, utc = d + 1, utc - 1440
        elif utc < 0:
            d, utc = d - 1, utc + 1440
        micro = int(r() * 60_000_000)
        # %-formatting: over twice as quick as an f-string with format specs here.
        out.append("%sT%02d:%02d:%02d.%06dZ" % (  # noqa: UP031
            _ISO[d], utc // 60, utc % 60, micro // 1_000_000, micro % 1_000_000))
    return out


def _working_days_after(day: int, n: int) -> int:
    """The ``n``-th working day after ``day`` (weekends skipped; bank holidays ignored)."""
    while n > 0:
        day += 1
        if (day - 1) % 7 < 5:  # ordinal 1 (1 Jan 0001) was a Monday
            n -= 1
    return day


def _add_years(day: int, years: int) -> int:
    d = _DAY(day)
    try:
        return d.replace(year=d.year + years).toordinal()
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28).toordinal()


_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "đ": "d", "ß": "ss", "ı": "i", "'": ""})
_ASCII: dict[str, str] = {}


def _ascii(text: str) -> str:
    out = _ASCII.get(text)
    if out is None:
        folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
        out = "".join(c for c in folded if c.isascii() and (c.isalnum() or c in "-"))
        _ASCII[text] = out = out.lower()
    return out


# -- people ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Community:
    key: str
    label: str  # how a person might describe themselves
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]
    female_surnames: tuple[str, ...] = ()  # when women's family names differ in form
    languages: tuple[tuple[str, float], ...] = ()  # (language, chance an interpreter is needed)
    native: tuple[tuple[str, str], ...] = ()  # Latin spelling -> own-script spelling
    surname_first_native: bool = False  # Chinese names are written family name first
    middle: tuple[str, str] = ("", "")  # Sikh names: ("Singh", "Kaur")
    muslim: bool = False

    def native_name(self, given: str, surname: str) -> str | None:
        table = dict(self.native)
        g, s = table.get(given), table.get(surname)
        if g is None or s is None:
            return None
        return s + g if self.surname_first_native else f"{g} {s}"


def _fem_slavic(name: str) -> str:
    for end, fem in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if name.endswith(end):
            return name[: -len(end)] + fem
    if name.endswith("ov") or name.endswith("ev") or name.endswith("in"):
        return name + "a"
    return name


def _fem_lithuanian(name: str) -> str:
    if name.endswith("ius"):
        return name[:-3] + "ienė"
    if name.endswith(("as", "us", "is", "ys")):
        return name[:-2] + "ienė"
    return name


def _community(**kw: Any) -> _Community:
    return _Community(**kw)


_POLISH_SURNAMES = (
    "Wójcik", "Kowalczyk", "Nowak", "Kowalski", "Wiśniewski", "Lewandowski", "Zieliński",
    "Szymański", "Woźniak", "Dąbrowski", "Kamiński", "Mazur", "Krawczyk", "Grabowski", "Pawlak",
    "Michalak", "Sikora", "Jabłoński", "Wróblewski", "Górecki", "Król", "Stępień",
)
_LITHUANIAN_SURNAMES = (
    "Kazlauskas", "Petrauskas", "Jankauskas", "Stankevičius", "Vasiliauskas", "Žukauskas",
    "Butkus", "Paulauskas", "Urbonas", "Kavaliauskas", "Navickas", "Šimkus", "Ramanauskas",
)
_RUSSIAN_SURNAMES = ("Ivanov", "Smirnov", "Kuznetsov", "Popov", "Volkov", "Sokolov", "Morozov")

COMMUNITIES: dict[str, _Community] = {
    c.key: c
    for c in (
        _community(
            key="white_british", label="White British",
            male=("James", "Daniel", "Thomas", "Ryan", "Liam", "Mark", "Paul", "Craig", "Lee",
                  "Gary", "Jack", "Callum", "Nathan", "Stephen", "Dean", "Harry", "George",
                  "Oliver", "Kieran", "Shaun", "Darren", "Jamie", "Wayne", "Ben"),
            female=("Sarah", "Emma", "Claire", "Gemma", "Laura", "Rebecca", "Jade", "Chloe",
                    "Hannah", "Amy", "Lucy", "Katie", "Sophie", "Karen", "Joanne", "Nicola",
                    "Megan", "Ellie", "Stacey", "Danielle", "Kirsty", "Holly", "Paige", "Tracey"),
            surnames=("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson",
                      "Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White",
                      "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Hughes",
                      "Edwards", "Turner", "Cooper", "Hill", "Ward", "Morris", "Baker", "Price",
                      "Griffiths", "Bennett", "Lloyd", "Parsons", "Whitehouse", "Bayliss",
                      "Hemming", "Powell", "Pritchard", "Bourne", "Perks", "Astley", "Greaves"),
        ),
        _community(
            key="irish", label="Irish",
            male=("Seán", "Ciarán", "Pádraig", "Eoin", "Declan", "Niall", "Cathal", "Darragh",
                  "Conor", "Oisín", "Tadhg"),
            female=("Siobhán", "Aoife", "Niamh", "Órla", "Caoimhe", "Sinéad", "Róisín", "Máire",
                    "Clodagh", "Bríd", "Eimear"),
            surnames=("Murphy", "O'Brien", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ryan",
                      "O'Connor", "Doyle", "McCarthy", "Gallagher", "Ó Ceallaigh", "Quinn",
                      "Brennan", "Kavanagh", "Ó Briain"),
            languages=(("Irish", 0.0),),
        ),
        _community(
            key="traveller", label="Irish Traveller",
            male=("Patrick", "John", "Michael", "Martin", "Thomas", "Christy", "Johnny",
                  "Francie", "Mikey", "Jimmy", "Paddy"),
            female=("Bridget", "Mary", "Margaret", "Kathleen", "Nora", "Winnie", "Ellen",
                    "Chrissie", "Josie", "Ann Marie", "Sabrina"),
            surnames=("Ward", "McDonagh", "Joyce", "Maughan", "Connors", "Doherty", "Mongan",
                      "Stokes", "Sweeney", "Delaney", "Reilly", "Cash", "McGinley"),
        ),
        _community(
            key="polish", label="Polish",
            male=("Łukasz", "Paweł", "Michał", "Krzysztof", "Tomasz", "Piotr", "Grzegorz",
                  "Wojciech", "Jakub", "Mateusz", "Bartłomiej", "Przemysław", "Dariusz"),
            female=("Agnieszka", "Małgorzata", "Katarzyna", "Joanna", "Magdalena", "Aleksandra",
                    "Zofia", "Dorota", "Ewa", "Justyna", "Beata", "Żaneta", "Urszula"),
            surnames=_POLISH_SURNAMES,
            female_surnames=tuple(_fem_slavic(s) for s in _POLISH_SURNAMES),
            languages=(("Polish", 0.2),),
        ),
        _community(
            key="romanian", label="Romanian",
            male=("Ștefan", "Andrei", "Mihai", "Ionuț", "Alexandru", "Florin", "Cătălin",
                  "Răzvan", "Bogdan", "Costel", "Gheorghe", "Vasile", "Sorin"),
            female=("Măriuca", "Ioana", "Elena", "Andreea", "Alina", "Mihaela", "Cristina",
                    "Roxana", "Florentina", "Gabriela", "Larisa", "Denisa", "Ștefania"),
            surnames=("Popescu", "Ionescu", "Popa", "Rădulescu", "Stănescu", "Dumitrescu",
                      "Constantin", "Niculescu", "Munteanu", "Țurcanu", "Vlădescu", "Moldovan",
                      "Lungu", "Bălan", "Dobre", "Bărbulescu"),
            languages=(("Romanian", 0.25),),
        ),
        _community(
            key="roma", label="Roma",
            male=("Marian", "Nicu", "Florin", "Dezider", "Ladislav", "Róbert", "Miroslav",
                  "Costică", "Ionel", "Dušan", "Zoltán"),
            female=("Esmeralda", "Mirela", "Denisa", "Veronika", "Ramona", "Marcela", "Gizela",
                    "Lenka", "Ionela", "Renáta", "Žaneta"),
            surnames=("Lakatoš", "Balog", "Horváth", "Oláh", "Rafael", "Dudi", "Stoica",
                      "Ciurar", "Kaleja", "Gunár", "Ferko", "Čonka", "Dužda"),
            languages=(("Romani", 0.2), ("Slovak", 0.25), ("Romanian", 0.25), ("Czech", 0.2)),
        ),
        _community(
            key="lithuanian", label="Lithuanian",
            male=("Žydrūnas", "Mindaugas", "Tomas", "Darius", "Giedrius", "Vytautas", "Andrius",
                  "Saulius", "Rokas", "Aurimas", "Šarūnas", "Dovydas"),
            female=("Rūta", "Jurgita", "Inga", "Eglė", "Agnė", "Aušra", "Laura", "Kristina",
                    "Gintarė", "Ieva", "Vaida", "Simona"),
            surnames=_LITHUANIAN_SURNAMES,
            female_surnames=tuple(_fem_lithuanian(s) for s in _LITHUANIAN_SURNAMES),
            languages=(("Lithuanian", 0.2), ("Russian", 0.15)),
        ),
        _community(
            key="ukrainian", label="Ukrainian",
            male=("Oleksandr", "Dmytro", "Andrii", "Serhii", "Mykola", "Taras", "Bohdan",
                  "Yurii", "Vasyl", "Oleh"),
            female=("Olena", "Iryna", "Oksana", "Nataliia", "Yuliia", "Tetiana", "Kateryna",
                    "Svitlana", "Halyna", "Viktoriia"),
            surnames=("Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko",
                      "Melnyk", "Boiko", "Kovalchuk", "Oliinyk", "Lysenko", "Marchenko",
                      "Savchenko", "Rudenko", "Moroz"),
            languages=(("Ukrainian", 0.45), ("Russian", 0.2)),
            native=(
                ("Oleksandr", "Олександр"), ("Dmytro", "Дмитро"), ("Andrii", "Андрій"),
                ("Serhii", "Сергій"), ("Mykola", "Микола"), ("Taras", "Тарас"),
                ("Bohdan", "Богдан"), ("Yurii", "Юрій"), ("Vasyl", "Василь"), ("Oleh", "Олег"),
                ("Olena", "Олена"), ("Iryna", "Ірина"), ("Oksana", "Оксана"),
                ("Nataliia", "Наталія"), ("Yuliia", "Юлія"), ("Tetiana", "Тетяна"),
                ("Kateryna", "Катерина"), ("Svitlana", "Світлана"), ("Halyna", "Галина"),
                ("Viktoriia", "Вікторія"), ("Kovalenko", "Коваленко"),
                ("Shevchenko", "Шевченко"), ("Bondarenko", "Бондаренко"),
                ("Tkachenko", "Ткаченко"), ("Kravchenko", "Кравченко"), ("Melnyk", "Мельник"),
                ("Boiko", "Бойко"), ("Kovalchuk", "Ковальчук"), ("Oliinyk", "Олійник"),
                ("Lysenko", "Лисенко"), ("Marchenko", "Марченко"), ("Savchenko", "Савченко"),
                ("Rudenko", "Руденко"), ("Moroz", "Мороз"),
            ),
        ),
        _community(
            key="russian", label="Russian-speaking",
            male=("Dmitry", "Sergei", "Alexei", "Ivan", "Nikolai", "Pavel", "Maxim"),
            female=("Natalia", "Svetlana", "Olga", "Tatiana", "Irina", "Anastasia"),
            surnames=_RUSSIAN_SURNAMES,
            female_surnames=tuple(_fem_slavic(s) for s in _RUSSIAN_SURNAMES),
            languages=(("Russian", 0.2),),
        ),
        _community(
            key="pakistani", label="British Pakistani", muslim=True,
            male=("Muhammad", "Imran", "Asif", "Tariq", "Zahid", "Bilal", "Usman", "Kamran",
                  "Adeel", "Haroon", "Faisal", "Naveed"),
            female=("Ayesha", "Fatima", "Sana", "Nadia", "Saima", "Rabia", "Hina", "Shazia",
                    "Amna", "Mehwish", "Zainab", "Samina"),
            surnames=("Khan", "Hussain", "Ahmed", "Iqbal", "Akhtar", "Mahmood", "Butt", "Raja",
                      "Chaudhry", "Malik", "Qureshi", "Bashir", "Rafiq", "Shah"),
            languages=(("Urdu", 0.15), ("Punjabi", 0.1), ("Pahari-Pothwari", 0.2)),
            native=(
                ("Muhammad", "محمد"), ("Imran", "عمران"), ("Asif", "آصف"), ("Tariq", "طارق"),
                ("Bilal", "بلال"), ("Usman", "عثمان"), ("Ayesha", "عائشہ"), ("Fatima", "فاطمہ"),
                ("Sana", "ثناء"), ("Nadia", "نادیہ"), ("Zainab", "زینب"), ("Hina", "حنا"),
                ("Khan", "خان"), ("Hussain", "حسین"), ("Ahmed", "احمد"), ("Iqbal", "اقبال"),
                ("Akhtar", "اختر"), ("Mahmood", "محمود"), ("Malik", "ملک"),
                ("Qureshi", "قریشی"), ("Shah", "شاہ"), ("Bashir", "بشیر"),
            ),
        ),
        _community(
            key="bangladeshi", label="British Bangladeshi", muslim=True,
            male=("Abdul", "Shahid", "Rafiqul", "Mizanur", "Jamal", "Anwar", "Sohel", "Rumel",
                  "Shipon", "Rubel", "Foysal"),
            female=("Rokeya", "Nasima", "Shirin", "Taslima", "Rahima", "Shapla", "Sumaiya",
                    "Nazia", "Farhana", "Jahanara", "Lutfa"),
            surnames=("Miah", "Uddin", "Rahman", "Islam", "Ali", "Hoque", "Chowdhury", "Ahmed",
                      "Hossain", "Alam"),
            female_surnames=("Begum", "Khatun", "Rahman", "Islam", "Ali", "Hoque", "Chowdhury",
                             "Ahmed", "Hossain", "Begum"),
            languages=(("Bengali (Sylheti)", 0.3),),
        ),
        _community(
            key="sikh", label="British Indian (Punjabi Sikh)", middle=("Singh", "Kaur"),
            male=("Gurpreet", "Harjit", "Jaspal", "Kulwinder", "Manjit", "Sukhwinder", "Balbir",
                  "Amarjit", "Harpreet", "Jaswinder", "Ranjit", "Inderjit", "Gurdeep"),
            female=("Gurpreet", "Harjit", "Jaspreet", "Kulwinder", "Manjit", "Sukhwinder",
                    "Balvinder", "Amarjit", "Harpreet", "Jasvir", "Rajinder", "Navdeep"),
            surnames=("Sandhu", "Gill", "Sidhu", "Dhillon", "Grewal", "Bains", "Johal", "Atwal",
                      "Sohal", "Virdi", "Bhamra", "Kalsi", "Sahota", "Heer"),
            languages=(("Punjabi", 0.15),),
        ),
        _community(
            key="gujarati", label="British Indian (Gujarati)",
            male=("Rajesh", "Hitesh", "Nilesh", "Mehul", "Jayesh", "Pravin", "Kiran", "Vipul",
                  "Dhaval", "Chirag", "Ketan"),
            female=("Hetal", "Bhavna", "Priya", "Nisha", "Komal", "Jyoti", "Mital", "Sonal",
                    "Falguni", "Dipti", "Kajal"),
            surnames=("Patel", "Shah", "Mistry", "Parmar", "Solanki", "Chauhan", "Desai",
                      "Joshi", "Modi", "Lad", "Pandya", "Thakkar"),
            languages=(("Gujarati", 0.1),),
        ),
        _community(
            key="somali", label="Somali", muslim=True,
            male=("Abdirahman", "Mohamed", "Abdullahi", "Hassan", "Yusuf", "Abdikarim", "Ahmed",
                  "Mahad", "Liban", "Omar"),
            female=("Hodan", "Fadumo", "Sahra", "Amina", "Ubah", "Ifrah", "Hibo", "Nimco",
                    "Ayaan", "Deeqa"),
            surnames=("Abdi", "Mohamed", "Warsame", "Farah", "Hirsi", "Jama", "Egal", "Aden",
                      "Osman", "Duale", "Nur", "Ali"),
            languages=(("Somali", 0.3),),
        ),
        _community(
            key="nigerian", label="Black British (Nigerian)",
            male=("Chinedu", "Emeka", "Oluwaseun", "Tunde", "Babatunde", "Obinna", "Femi",
                  "Ikenna", "Adebayo", "Chukwuemeka"),
            female=("Ngozi", "Chiamaka", "Folasade", "Adaeze", "Yetunde", "Funmilayo", "Nneka",
                    "Oluwakemi", "Ifeoma", "Temitope"),
            surnames=("Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Ogunleye", "Nwosu",
                      "Olatunji", "Chukwu", "Oyelaran", "Afolabi", "Ogundipe"),
            languages=(("Yoruba", 0.02), ("Igbo", 0.02)),
        ),
        _community(
            key="ghanaian", label="Black British (Ghanaian)",
            male=("Kwame", "Kofi", "Kwabena", "Yaw", "Kojo", "Kwaku", "Kwesi", "Nana",
                  "Ebenezer", "Emmanuel"),
            female=("Ama", "Akosua", "Abena", "Efua", "Adwoa", "Yaa", "Afua", "Esi", "Akua",
                    "Gifty"),
            surnames=("Mensah", "Asante", "Owusu", "Boateng", "Osei", "Appiah", "Agyeman",
                      "Ofori", "Darko", "Amoah", "Antwi", "Danquah"),
            languages=(("Twi", 0.03),),
        ),
        _community(
            key="caribbean", label="Black British (Caribbean)",
            male=("Delroy", "Winston", "Marcus", "Leon", "Jermaine", "Tyrone", "Errol",
                  "Courtney", "Andre", "Kemar"),
            female=("Marcia", "Beverley", "Janelle", "Simone", "Shanice", "Paulette", "Yvonne",
                    "Tanisha", "Jasmine", "Camille"),
            surnames=("Campbell", "Brown", "Williams", "Clarke", "Reid", "Francis", "Grant",
                      "Thomas", "Bailey", "Henry", "Morrison", "Richards", "McKenzie", "Forbes"),
        ),
        _community(
            key="chinese", label="Chinese", surname_first_native=True,
            male=("Wei", "Jie", "Hao", "Yang", "Lei", "Jun", "Ming", "Tao"),
            female=("Jiaxin", "Xiaoling", "Yan", "Li", "Fang", "Jing", "Hui", "Ying"),
            surnames=("Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Lin", "Zhou", "Wu", "Xu"),
            languages=(("Mandarin", 0.35),),
            native=(
                ("Wei", "伟"), ("Jie", "杰"), ("Hao", "浩"), ("Yang", "洋"), ("Lei", "磊"),
                ("Jun", "俊"), ("Ming", "明"), ("Tao", "涛"), ("Jiaxin", "嘉欣"),
                ("Xiaoling", "晓玲"), ("Yan", "燕"), ("Li", "丽"), ("Fang", "芳"), ("Jing", "静"),
                ("Hui", "慧"), ("Ying", "颖"), ("Chen", "陈"), ("Wang", "王"), ("Zhang", "张"),
                ("Liu", "刘"), ("Huang", "黄"), ("Lin", "林"), ("Zhou", "周"), ("Wu", "吴"),
                ("Xu", "徐"),
            ),
        ),
        _community(
            key="hongkong", label="Hong Konger", surname_first_native=True,
            male=("Ka Ho", "Man Kit", "Chi Wai", "Kelvin", "Ivan", "Wing Hong", "Tsz Chun"),
            female=("Ka Yan", "Wing Sze", "Hoi Ting", "Winnie", "Gigi", "Mei Ling", "Sze Wan"),
            surnames=("Wong", "Chan", "Cheung", "Lau", "Leung", "Ho", "Lam", "Tsang", "Yeung",
                      "Ng", "Chow", "Kwok"),
            languages=(("Cantonese", 0.25),),
            native=(
                ("Ka Ho", "家豪"), ("Man Kit", "文傑"), ("Chi Wai", "志偉"), ("Wing Hong", "永康"),
                ("Tsz Chun", "子進"), ("Ka Yan", "嘉欣"), ("Wing Sze", "詠詩"),
                ("Hoi Ting", "凱婷"), ("Mei Ling", "美玲"), ("Sze Wan", "思韻"), ("Wong", "黃"),
                ("Chan", "陳"), ("Cheung", "張"), ("Lau", "劉"), ("Leung", "梁"), ("Ho", "何"),
                ("Lam", "林"), ("Tsang", "曾"), ("Yeung", "楊"), ("Ng", "吳"), ("Chow", "周"),
                ("Kwok", "郭"),
            ),
        ),
        _community(
            key="kurdish", label="Kurdish", muslim=True,
            male=("Rebwar", "Karwan", "Hemin", "Dilshad", "Shwan", "Aram", "Hawre", "Rekan",
                  "Sirwan", "Baran"),
            female=("Shilan", "Nazanin", "Bahar", "Rozhin", "Dilan", "Gulistan", "Evîn",
                    "Berîvan", "Hêvî"),
            surnames=("Rashid", "Karim", "Aziz", "Hamasalih", "Qadir", "Mahmud", "Othman",
                      "Faraj", "Salih", "Rasul"),
            languages=(("Kurdish (Sorani)", 0.4), ("Kurdish (Kurmanji)", 0.4)),
        ),
        _community(
            key="syrian", label="Syrian (Arab)", muslim=True,
            male=("Ahmad", "Khaled", "Omar", "Mahmoud", "Yousef", "Hassan", "Rami", "Tarek",
                  "Fadi", "Bassam"),
            female=("Rania", "Lina", "Hala", "Noor", "Rasha", "Dima", "Yasmin", "Amal", "Reem",
                    "Ghada"),
            surnames=("Al-Hamwi", "Haddad", "Khoury", "Al-Ahmad", "Darwish", "Sabbagh",
                      "Hamdan", "Al-Masri", "Kassab", "Al-Halabi"),
            languages=(("Arabic", 0.5),),
            native=(
                ("Ahmad", "أحمد"), ("Khaled", "خالد"), ("Omar", "عمر"), ("Mahmoud", "محمود"),
                ("Yousef", "يوسف"), ("Hassan", "حسن"), ("Rami", "رامي"), ("Rania", "رانيا"),
                ("Lina", "لينا"), ("Hala", "هالة"), ("Noor", "نور"), ("Reem", "ريم"),
                ("Amal", "أمل"), ("Yasmin", "ياسمين"), ("Haddad", "حداد"), ("Khoury", "خوري"),
                ("Al-Ahmad", "الأحمد"), ("Darwish", "درويش"), ("Hamdan", "حمدان"),
                ("Al-Masri", "المصري"), ("Al-Halabi", "الحلبي"), ("Sabbagh", "صباغ"),
            ),
        ),
        _community(
            key="afghan", label="Afghan", muslim=True,
            male=("Ahmad", "Mohammad", "Farid", "Wahid", "Naveed", "Jawad", "Hamid", "Sayed",
                  "Zabihullah", "Mustafa"),
            female=("Fereshta", "Mariam", "Zarghona", "Shabnam", "Parwana", "Nilofar", "Mursal",
                    "Laila", "Hosai", "Zahra"),
            surnames=("Ahmadzai", "Rahimi", "Karimi", "Hakimi", "Popal", "Sultani", "Noori",
                      "Safi", "Stanekzai", "Hashimi", "Mohammadi", "Amiri"),
            languages=(("Dari", 0.5), ("Pashto", 0.5)),
        ),
        _community(
            key="jewish", label="British Jewish",
            male=("David", "Daniel", "Benjamin", "Joshua", "Samuel", "Jonathan", "Aaron", "Eli",
                  "Natan", "Yossi"),
            female=("Rachel", "Miriam", "Hannah", "Leah", "Esther", "Naomi", "Tamar", "Shira",
                    "Rivka", "Deborah"),
            surnames=("Cohen", "Levy", "Goldberg", "Shapiro", "Rosenberg", "Katz", "Friedman",
                      "Stern", "Abrahams", "Jacobs", "Kaplan", "Bloom", "Weiss", "Lerner"),
        ),
        _community(
            key="eritrean", label="Eritrean",
            male=("Yonas", "Tesfay", "Kidane", "Merhawi", "Semere", "Filmon", "Mussie", "Habtom",
                  "Dawit", "Aman"),
            female=("Senait", "Helen", "Selam", "Lidya", "Ruta", "Mebrat", "Saba", "Tsega",
                    "Yordanos", "Winta"),
            surnames=("Tesfamariam", "Gebremedhin", "Haile", "Tekle", "Ghebreyesus", "Woldu",
                      "Kahsay", "Berhane", "Asmelash", "Ghirmay"),
            languages=(("Tigrinya", 0.5),),
        ),
    )
}

# Everyone else in a case (witnesses, most suspects, officers): roughly the local population.
_POPULATION = _W([
    ("white_british", 62), ("irish", 2), ("traveller", 1), ("polish", 5), ("romanian", 4),
    ("roma", 0.5), ("lithuanian", 1), ("ukrainian", 1), ("pakistani", 3), ("bangladeshi", 1),
    ("sikh", 5), ("gujarati", 3), ("somali", 1), ("nigerian", 1), ("ghanaian", 0.5),
    ("caribbean", 2), ("chinese", 1), ("hongkong", 1), ("kurdish", 0.5), ("syrian", 0.5),
    ("afghan", 0.5), ("jewish", 0.3), ("eritrean", 0.3),
])
_SUSPECT_POPULATION = _W([
    ("white_british", 86), ("irish", 2), ("traveller", 0.5), ("polish", 2), ("romanian", 1.5),
    ("lithuanian", 1), ("pakistani", 1.5), ("bangladeshi", 0.5), ("sikh", 1), ("gujarati", 0.5),
    ("caribbean", 1), ("somali", 0.3), ("nigerian", 0.3), ("kurdish", 0.3), ("afghan", 0.3),
])


def _person_name(r: Rand, com: _Community, female: bool, native_chance: float = 0.0) -> str:
    given = _pick(r, com.female if female else com.male)
    surnames = com.female_surnames if female and com.female_surnames else com.surnames
    surname = _pick(r, surnames)
    middle = com.middle[1 if female else 0]
    latin = f"{given} {middle} {surname}" if middle else f"{given} {surname}"
    if native_chance and com.native and r() < native_chance:
        native = com.native_name(given, surname)
        if native:
            return f"{latin} ({native})"
    return latin


# -- places ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Town:
    name: str
    force: str
    districts: tuple[str, ...]
    station: str  # two letters for the URN
    team: str
    council: str
    hipp: str
    courts: tuple[str, str]  # (magistrates', Crown)
    areas: tuple[str, ...]
    streets: tuple[str, ...]
    weight: float


_W_MAGS_N = "Nuneaton Magistrates' Court"
_W_MAGS_S = "Leamington Spa Magistrates' Court"
_W_CROWN = "Warwick Crown Court"
_HIPP_N = "North Warwickshire Hate Incident Partnership Panel"
_HIPP_S = "South Warwickshire Hate Incident Partnership Panel"

TOWNS: tuple[_Town, ...] = (
    _Town("Nuneaton", "WARWICKSHIRE", ("CV10", "CV11"), "NU", "Nuneaton & Bedworth SNT",
          "Nuneaton and Bedworth Borough Council", _HIPP_N, (_W_MAGS_N, _W_CROWN),
          ("Attleborough", "Stockingford", "Camp Hill", "Abbey Green", "Whitestone",
           "Galley Common", "Chilvers Coton", "Weddington"),
          ("Queens Road", "Abbey Street", "Bond Gate", "Church Street", "Coton Road",
           "Marlborough Road", "Manor Court Road", "Lutterworth Road", "Corporation Street"),
          10),
    _Town("Bedworth", "WARWICKSHIRE", ("CV12",), "NU", "Nuneaton & Bedworth SNT",
          "Nuneaton and Bedworth Borough Council", _HIPP_N, (_W_MAGS_N, _W_CROWN),
          ("Exhall", "Collycroft", "Goodyers End", "Mount Pleasant", "Bulkington"),
          ("Leicester Street", "Mill Street", "King Street", "Coventry Road", "High Street"),
          4),
    _Town("Rugby", "WARWICKSHIRE", ("CV21", "CV22", "CV23"), "RU", "Rugby SNT",
          "Rugby Borough Council", _HIPP_N, (_W_MAGS_N, _W_CROWN),
          ("Brownsover", "New Bilton", "Hillmorton", "Bilton", "Newbold on Avon", "Overslade",
           "Long Lawford"),
          ("Church Street", "Regent Street", "Clifton Road", "Lawford Road", "Murray Road",
           "Railway Terrace", "Hillmorton Road", "North Street"),
          8),
    _Town("Leamington Spa", "WARWICKSHIRE", ("CV31", "CV32"), "LS", "Warwick District SNT",
          "Warwick District Council", _HIPP_S, (_W_MAGS_S, _W_CROWN),
          ("Lillington", "Sydenham", "Brunswick", "Old Town", "Whitnash", "Milverton"),
          ("The Parade", "Regent Street", "Bath Street", "Warwick Street", "Clarendon Avenue",
           "Tachbrook Road", "Kenilworth Road", "High Street"),
          8),
    _Town("Warwick", "WARWICKSHIRE", ("CV34", "CV35"), "WK", "Warwick District SNT",
          "Warwick District Council", _HIPP_S, (_W_MAGS_S, _W_CROWN),
          ("Woodloes Park", "Emscote", "Myton", "Saltisford", "Chase Meadow", "Forbes"),
          ("Smith Street", "Market Place", "Emscote Road", "Coten End", "Myton Road",
           "High Street", "Coventry Road"),
          4),
    _Town("Kenilworth", "WARWICKSHIRE", ("CV8",), "WK", "Warwick District SNT",
          "Warwick District Council", _HIPP_S, (_W_MAGS_S, _W_CROWN),
          ("Knowle Hill", "Thickthorn", "Castle End", "Windy Arbour"),
          ("Warwick Road", "Talisman Square", "Abbey End", "Albion Street", "Station Road"),
          2),
    _Town("Stratford-upon-Avon", "WARWICKSHIRE", ("CV37",), "SA", "Stratford SNT",
          "Stratford-on-Avon District Council", _HIPP_S, (_W_MAGS_S, _W_CROWN),
          ("Bridgetown", "Shottery", "Tiddington", "Clopton", "Bishopton", "Old Town"),
          ("Bridge Street", "Henley Street", "Wood Street", "Greenhill Street",
           "Birmingham Road", "Shipston Road", "Bridgeway"),
          4),
    _Town("Worcester", "WEST_MERCIA", ("WR1", "WR2", "WR3", "WR4", "WR5"), "WO",
          "Worcester City SNT", "Worcester City Council", "Worcestershire Hate Crime Partnership",
          ("Worcester Magistrates' Court", "Worcester Crown Court"),
          ("St Johns", "Barbourne", "Lowesmoor", "Tolladine", "Warndon", "Ronkswood",
           "Dines Green", "Brickfields"),
          ("Friar Street", "The Shambles", "High Street", "Foregate Street", "Lowesmoor",
           "Sidbury", "Bromyard Road", "Tolladine Road"),
          12),
    _Town("Hereford", "WEST_MERCIA", ("HR1", "HR2", "HR4"), "HE", "Hereford City SNT",
          "Herefordshire Council", "Herefordshire Community Safety Partnership",
          ("Hereford Magistrates' Court", "Hereford Crown Court"),
          ("Newton Farm", "Belmont", "Holmer", "Westfields", "Tupsley", "Bobblestock"),
          ("Commercial Road", "Widemarsh Street", "High Town", "Eign Gate", "Bath Street",
           "Whitecross Road", "Ross Road"),
          7),
    _Town("Shrewsbury", "WEST_MERCIA", ("SY1", "SY2", "SY3"), "SH", "Shrewsbury SNT",
          "Shropshire Council", "Shropshire Hate Crime Partnership",
          ("Shrewsbury Magistrates' Court", "Shrewsbury Crown Court"),
          ("Ditherington", "Harlescott", "Monkmoor", "Frankwell", "Meole Brace", "Castlefields",
           "Sundorne"),
          ("Pride Hill", "Mardol", "Castle Street", "Wyle Cop", "Abbey Foregate", "Coton Hill"),
          8),
    _Town("Telford", "WEST_MERCIA", ("TF1", "TF2", "TF3", "TF4", "TF7"), "TE", "Telford SNT",
          "Telford & Wrekin Council", "Telford & Wrekin Community Safety Partnership",
          ("Telford Magistrates' Court", "Shrewsbury Crown Court"),
          ("Oakengates", "Wellington", "Madeley", "Brookside", "Hadley", "Donnington",
           "Woodside", "Sutton Hill", "Dawley", "Ketley"),
          ("Market Street", "Holyhead Road", "Park Street", "New Street", "Station Road",
           "Coalport Road"),
          13),
    _Town("Redditch", "WEST_MERCIA", ("B97", "B98"), "RE", "Redditch SNT",
          "Redditch Borough Council", "Worcestershire Hate Crime Partnership",
          ("Worcester Magistrates' Court", "Worcester Crown Court"),
          ("Winyates", "Batchley", "Matchborough", "Woodrow", "Church Hill", "Lodge Park",
           "Greenlands", "Headless Cross"),
          ("Alcester Street", "Evesham Street", "Church Green East", "Unicorn Hill",
           "Prospect Hill", "Ipsley Street"),
          6),
    _Town("Kidderminster", "WEST_MERCIA", ("DY10", "DY11"), "KI", "Wyre Forest SNT",
          "Wyre Forest District Council", "Worcestershire Hate Crime Partnership",
          ("Kidderminster Magistrates' Court", "Worcester Crown Court"),
          ("Oldington", "Habberley", "Comberton", "Foley Park", "Horsefair", "Franche",
           "Spennells"),
          ("Vicar Street", "Worcester Street", "Comberton Hill", "Mill Street",
           "Coventry Street", "Blackwell Street"),
          5),
    _Town("Bromsgrove", "WEST_MERCIA", ("B60", "B61"), "BR", "Bromsgrove SNT",
          "Bromsgrove District Council", "Worcestershire Hate Crime Partnership",
          ("Kidderminster Magistrates' Court", "Worcester Crown Court"),
          ("Charford", "Sidemoor", "Aston Fields", "Catshill", "Rubery", "Lickey End"),
          ("High Street", "Worcester Road", "Birmingham Road", "Stratford Road", "New Road"),
          3),
)
# Coventry is policed by West Midlands Police, so no incident here happens in it; it appears
# as the home of victims and witnesses who travel into north Warwickshire.
COVENTRY = _Town("Coventry", "WEST_MIDLANDS", ("CV1", "CV2", "CV3", "CV4", "CV5", "CV6"), "",
                 "", "Coventry City Council", "", ("", ""),
                 ("Foleshill", "Hillfields", "Earlsdon", "Tile Hill", "Bell Green", "Stoke",
                  "Radford", "Wood End"),
                 ("Foleshill Road", "Stoney Stanton Road", "Far Gosford Street", "Walsgrave Road",
                  "Holbrook Lane"),
                 0)
_TOWNS = _W([(t, t.weight) for t in TOWNS])
_FORCE_TOWNS = {f: [t for t in TOWNS if t.force == f] for f in ("WARWICKSHIRE", "WEST_MERCIA")}
_FORCE_CODE = {"WARWICKSHIRE": "23", "WEST_MERCIA": "22"}

_RES_STREETS = (
    "Lavender Close", "Bramble Way", "Oak Tree Avenue", "Kingfisher Drive", "Hawthorn Road",
    "Willow Court", "Meadow View", "Chestnut Grove", "Sandpiper Close", "Orchard Rise",
    "Heron Way", "Beech Crescent", "Foxglove Close", "Poplar Road", "Juniper Drive", "Larch Walk",
    "Cedar Gardens", "Primrose Lane", "Rowan Close", "Thistle Way", "Linnet Grove",
    "Alder Road", "Mulberry Court", "Sorrel Drive", "Wren Close", "Elm Bank", "Coppice Walk",
)
_BLOCKS = ("Severn House", "Avon Court", "Arden House", "Malvern Court", "Wrekin House",
           "Teme Court", "Leam House", "Clent House")
_INWARD = "ABDEFGHJLNPQRSTUWXYZ"


def _address(r: Rand, town: _Town) -> tuple[str, str, str]:
    """(address, postcode, area)"""
    area = _pick(r, town.areas)
    if r() < 0.2:
        line = f"Flat {_rint(r, 1, 24)}, {_pick(r, _BLOCKS)}, {_pick(r, _RES_STREETS)}"
    else:
        line = f"{_rint(r, 1, 140)} {_pick(r, _RES_STREETS)}"
    postcode = (
        f"{_pick(r, town.districts)} {_rint(r, 1, 9)}{_pick(r, _INWARD)}{_pick(r, _INWARD)}"
    )
    return f"{line}, {area}, {town.name}", postcode, area


def _phone(r: Rand) -> str:
    return f"07700 900{_rint(r, 0, 999):03d}"


# -- scenarios ---------------------------------------------------------------------------------

# Harm kinds decide the offence: V words only (public order), A assault without injury,
# I assault with injury, D criminal damage, H harassment (a course of conduct).


def _places(**weights: float) -> _W:
    base = {"Bus": 12.0, "Street": 25.0, "Shop": 10.0, "Home address": 15.0, "Online": 10.0,
            "School": 3.0, "Workplace": 6.0, "Takeaway": 4.0, "Taxi": 3.0, "Park": 4.0,
            "Pub": 4.0, "Train station": 3.0, "Place of worship": 0.0}
    for k, v in weights.items():
        base[k.replace("_", " ").capitalize()] = v
    return _W(list(base.items()))


@dataclass(frozen=True)
class _Flavour:
    key: str
    strand: str | None
    local: str | None
    weight: float
    communities: _W
    words: tuple[str, ...]
    conduct: tuple[tuple[str, str], ...]  # (what the suspect did, harm kind)
    group: str  # the people the hostility is aimed at, e.g. "Muslims"
    characteristic: str  # e.g. "religion"
    perception: str  # e.g. "motivated by hostility towards Muslims"
    agencies: tuple[str, ...]  # the first is the specialist one
    places: _W
    self_described: tuple[str, ...]
    genders: _W
    ages: tuple[int, int] = (18, 75)
    access: tuple[str, ...] = ()
    community_label: str | None = None  # for community impact statements
    others: tuple[str, ...] = ("Local support charity",)  # names for OTHER referrals


def _genders(f: float, m: float, nb: float = 0.0) -> _W:
    return _W([("Female", f), ("Male", m), ("Non-binary", nb)])


_ADULT_GENDERS = _genders(48, 50, 2)

_RACE_GENERIC = (
    "Go back to your own country",
    "We don't want your sort round here",
    "You lot are taking over this town",
    "Why don't you go back where you came from",
    "This is England, speak English",
    "You don't belong here",
)

FLAVOURS: tuple[_Flavour, ...] = (
    _Flavour(
        "race_south_asian", "RACE", None, 15,
        _W([("pakistani", 40), ("bangladeshi", 15), ("sikh", 25), ("gujarati", 20)]),
        (*_RACE_GENERIC,
         "Taxi|I'm not getting in a car with one of you lot",
         "Taxi|Drive properly, you're not back home now",
         "Shop|People like you shouldn't be allowed to run a shop here",
         "Takeaway|People like you shouldn't be allowed to run a business here",
         "Your kind shouldn't be allowed in this country"),
        (("Shop,Takeaway|threw a milkshake at the window of the victim's shop and shouted about "
          "the victim's colour", "D"),
         ("repeatedly mimicked the victim's accent", "V"),
         ("Shop,Takeaway,Online|posted a photograph of the victim's shop on Facebook with the "
          "caption \"another one for the list\"", "H")),
        "South Asian people", "ethnicity", "racially motivated",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "STOP_HATE_UK", "EQUIP_WARWICKSHIRE"),
        _places(Taxi=14, Takeaway=8, Shop=16),
        ("British Pakistani", "British Indian", "Asian British", "Kashmiri", "Punjabi"),
        _ADULT_GENDERS,
    ),
    _Flavour(
        "race_black", "RACE", None, 9,
        _W([("somali", 20), ("nigerian", 25), ("ghanaian", 15), ("caribbean", 30),
            ("eritrean", 10)]),
        (*_RACE_GENERIC, "Go back to Africa", "Nobody wants you here",
         "You people are all the same", "Get off our estate"),
        (("made monkey noises at the victim and laughed with friends", "V"),
         ("Home address,Street,Workplace,Park,Pub,Shop,Takeaway|wrote \"GO HOME\" on the "
          "victim's car in marker pen", "D"),
         ("Home address|pushed notes through the victim's door saying the street was \"not for "
          "you lot\"",
          "H")),
        "Black people", "ethnicity", "racially motivated",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "STOP_HATE_UK"),
        _places(),
        ("Black British", "Black African", "Black Caribbean", "Somali", "Nigerian"),
        _ADULT_GENDERS, (12, 75),
    ),
    _Flavour(
        "race_east_asian", "RACE", None, 5,
        _W([("chinese", 50), ("hongkong", 50)]),
        ("Take your virus back to China", "Go back to China", "Keep your distance from me",
         "We don't want your sort round here", "Go back to your own country"),
        (("made mocking gestures about the shape of the victim's eyes", "V"),
         ("coughed in the victim's face and said {v_they} had brought the virus here", "A")),
        "East Asian people", "ethnicity", "racially motivated",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "STOP_HATE_UK", "OTHER"),
        _places(Takeaway=16, School=6),
        ("Chinese", "Hong Konger", "British Chinese", "East Asian"),
        _ADULT_GENDERS, (12, 70),
        others=("Hong Kong community association", "Chinese community centre"),
    ),
    _Flavour(
        "race_eastern_european", "RACE", None, 12,
        _W([("polish", 40), ("romanian", 30), ("lithuanian", 15), ("ukrainian", 15)]),
        ("Speak English, you're in England now", "You're only here for the benefits",
         "Bloody foreigners taking all the jobs", "We voted you lot out, so go home",
         "Go back to your own country", "Go back to where you came from",
         "Workplace|Bloody foreigners, you're only here to take our jobs"),
        (("Home address|tore down the flag displayed in the victim's window and stamped on "
          "it", "D"),
         ("Home address,Street|wrote \"FOREIGNERS OUT\" on the victim's garden wall", "D"),
         ("Home address,Workplace,Street|kept blocking the victim's car in and shouting about "
          "{v_their} accent", "H")),
        "Eastern Europeans", "nationality", "racially motivated (hostility to nationality)",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "STOP_HATE_UK", "OTHER"),
        _places(Workplace=14),
        ("Polish", "Romanian", "Lithuanian", "Ukrainian", "Eastern European"),
        _ADULT_GENDERS,
        others=("Polish community centre", "Citizens Advice"),
    ),
    _Flavour(
        "race_roma_traveller", "RACE", None, 5,
        _W([("roma", 45), ("traveller", 55)]),
        ("Your lot should be moved on", "Lock your cars up, the Travellers are here",
         "Pub|We don't serve your kind in here", "Shop|We don't serve your kind in here",
         "Go back to your caravan",
         "You're all thieves, every one of you"),
        (("Home address,Street|set fire to a skip by the entrance to the Traveller site and "
          "shouted abuse at the families", "D"),
         ("posted the victim's photograph in a local Facebook group calling for Travellers to be "
          "\"got rid of\"", "H")),
        "Gypsy, Roma and Traveller people", "ethnicity", "racially motivated",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "OTHER"),
        _places(Pub=10, Shop=14),
        ("Irish Traveller", "Roma", "Gypsy"),
        _ADULT_GENDERS, (12, 80),
        community_label="Gypsy, Roma and Traveller community",
        others=("Friends, Families and Travellers", "Roma Support Group"),
    ),
    _Flavour(
        "race_migrant", "RACE", None, 6,
        _W([("kurdish", 30), ("syrian", 30), ("afghan", 30), ("eritrean", 10)]),
        ("Go back on your boat", "Send them all back", "You're not welcome here",
         "Go back to your own country", "Nobody invited you here"),
        (("Bus,Street|followed the victim from the bus stop shouting that migrants should be "
          "deported",
          "H"),
         ("threw an egg at the victim and said {v_they} should \"go back where {v_they} came "
          "from\"", "A")),
        "asylum seekers and refugees", "nationality", "racially motivated",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "STOP_HATE_UK", "OTHER"),
        _places(),
        ("Kurdish", "Syrian", "Afghan", "Eritrean", "Refugee"),
        _genders(25, 75), (16, 60),
        others=("Refugee and migrant support charity", "British Red Cross"),
    ),
    _Flavour(
        "race_irish", "RACE", None, 1.5,
        _W([("irish", 100)]),
        ("Go back over the water where you belong", "We don't want the Irish round here",
         "Go back to your own country"),
        (), "Irish people", "nationality", "racially motivated (hostility to nationality)",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "STOP_HATE_UK"),
        _places(Pub=12), ("Irish",), _ADULT_GENDERS,
    ),
    _Flavour(
        "race_white_british", "RACE", None, 1.5,
        _W([("white_british", 100)]),
        ("This isn't your country any more", "Your lot aren't wanted round here",
         "Get out of our area"),
        (), "white British people", "ethnicity", "racially motivated",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED",),
        _places(), ("White British", "English"), _genders(30, 70), (14, 70),
    ),
    _Flavour(
        "religion_muslim", "RELIGION", None, 9,
        _W([("pakistani", 35), ("bangladeshi", 20), ("somali", 15), ("syrian", 10),
            ("afghan", 10), ("kurdish", 5), ("white_british", 5)]),
        ("Take that thing off your head", "Go back to your mosque",
         "You people are all terrorists", "Muslims aren't welcome here",
         "No more mosques in this town"),
        (("pulled at the victim's hijab until it came loose", "A"),
         ("Place of worship|left raw bacon on the door handles of the mosque", "D"),
         ("Place of worship|smashed a window at the mosque with a brick", "D")),
        "Muslims", "religion", "motivated by hostility towards Muslims",
        ("TELL_MAMA", "VICTIM_SUPPORT_OR_PCC_COMMISSIONED"),
        _places(Place_of_worship=10),
        ("Muslim", "British Muslim", "Muslim; wears a hijab"),
        _genders(60, 40),
        community_label="Muslim community",
    ),
    _Flavour(
        "religion_ahmadi", "RELIGION", None, 1,
        _W([("pakistani", 100)]),
        ("Shop|You are not Muslims, stay away from our shop",
         "Shop|Nobody should buy from your shop", "You are not Muslims"),
        (("Shop|put up posters calling for a boycott of the victim's shop", "H"),),
        "Ahmadi Muslims", "faith (Ahmadi Muslim)", "motivated by hostility towards Ahmadi Muslims",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "STOP_HATE_UK", "OTHER"),
        _places(Shop=40), ("Ahmadi Muslim",), _genders(30, 70), (20, 75),
        community_label="Ahmadi Muslim community",
        others=("Local Ahmadiyya Muslim community",),
    ),
    _Flavour(
        "religion_jewish", "RELIGION", None, 3,
        _W([("jewish", 100)]),
        ("Jews aren't welcome round here", "Go back to Israel", "You lot run everything"),
        (("Home address|daubed a swastika on the front door of the victim's home", "D"),
         ("knocked the kippah from the victim's head and laughed", "A"),
         ("sent the victim messages containing Holocaust-denial material", "H")),
        "Jewish people", "religion", "antisemitic",
        ("CST", "VICTIM_SUPPORT_OR_PCC_COMMISSIONED"),
        _places(Place_of_worship=8, Online=16),
        ("Jewish", "British Jew"), _ADULT_GENDERS, (14, 85),
        community_label="Jewish community",
    ),
    _Flavour(
        "religion_sikh", "RELIGION", None, 2,
        _W([("sikh", 100)]),
        ("Take that turban off", "Go back to your temple", "Your lot aren't welcome here"),
        (("knocked the victim's turban to the ground", "A"),
         ("School|pulled the victim's patka off in the school corridor", "A"),
         ("Place of worship|threw eggs at the doors of the gurdwara", "D")),
        "Sikhs", "religion", "motivated by hostility towards Sikhs",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "STOP_HATE_UK"),
        _places(Place_of_worship=8, School=6),
        ("Sikh", "British Sikh"), _genders(30, 70), (11, 80),
        community_label="Sikh community",
    ),
    _Flavour(
        "religion_hindu", "RELIGION", None, 0.8,
        _W([("gujarati", 100)]),
        ("Your gods aren't welcome here", "Take your religion back home",
         "Nobody wants your temple here"),
        (("Place of worship|threw eggs at the temple doors", "D"),
         ("pulled the sacred thread from the victim's wrist", "A")),
        "Hindus", "religion", "motivated by hostility towards Hindus",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "STOP_HATE_UK"),
        _places(Place_of_worship=15), ("Hindu", "British Hindu"), _ADULT_GENDERS,
        community_label="Hindu community",
    ),
    _Flavour(
        "religion_christian", "RELIGION", None, 0.8,
        _W([("nigerian", 30), ("ghanaian", 20), ("eritrean", 25), ("romanian", 15),
            ("polish", 10)]),
        ("Your church isn't wanted on this street", "Take your religion back home",
         "Keep your praying to yourselves"),
        (("Place of worship|threw stones at the church windows during a service", "D"),
         ("Place of worship|shouted through the church doors during a service", "V")),
        "Christians", "religion", "motivated by hostility towards the victim's Christian faith",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "STOP_HATE_UK"),
        _places(Place_of_worship=15),
        ("Christian", "Orthodox Christian", "Pentecostal Christian", "Catholic"), _ADULT_GENDERS,
        community_label="Christian community",
    ),
    _Flavour(
        "disability_learning", "DISABILITY", None, 4,
        _POPULATION,
        ("You're not right in the head", "Look at the state of you",
         "You're too thick to even know what's going on"),
        (("took the victim's bank card and made {v_them} withdraw money, saying they were "
          "{v_their} friends", "H"),
         ("filmed the victim and posted the video on Snapchat mocking the way {v_they} "
          "{v_speak}", "H"),
         ("pushed the victim off the bench and copied the way {v_they} {v_speak}", "A")),
        "people with learning disabilities", "disability", "motivated by hostility to disability",
        ("STOP_LD_HATE_CRIME_LINE", "VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "OTHER"),
        _places(Home_address=25, Park=10),
        ("Has a learning disability", "Autistic", "Has Down's syndrome"), _genders(40, 60),
        (16, 70),
        ("Learning disability: Easy Read letters; support worker present at visits",
         "Autistic: send a clear written agenda before visits; no unannounced calls",
         "Learning disability: keep sentences short and check understanding"),
        others=("Mencap", "Local advocacy service"),
    ),
    _Flavour(
        "disability_mobility", "DISABILITY", None, 3.5,
        _POPULATION,
        ("Bus|People like you shouldn't be allowed on this bus",
         "You're faking it for the benefits", "There's nothing wrong with you, get up",
         "You shouldn't be out on your own"),
        (("deliberately kicked the victim's walking stick away", "A"),
         ("Home address,Street,Shop,Park|let down the tyres of the victim's mobility scooter", "D"),
         ("imitated the victim's limp while laughing", "V")),
        "disabled people", "disability", "motivated by hostility to disability",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "STOP_HATE_UK", "OTHER"),
        _places(Bus=22, Shop=14),
        ("Wheelchair user", "Uses a mobility scooter", "Has multiple sclerosis"),
        _ADULT_GENDERS, (18, 88),
        ("Wheelchair user: ground-floor meeting rooms only",
         "Uses a mobility scooter; home visits preferred",
         "Tires easily: short visits at home, not at the station"),
        others=("Disability advice centre",),
    ),
    _Flavour(
        "disability_deaf", "DISABILITY", None, 0.8,
        _POPULATION,
        ("Learn to talk properly", "People like you shouldn't be out on your own",
         "Are you deaf or just ignoring me?"),
        (("waved both hands in the victim's face, mocking {v_their} signing", "V"),
         ("pulled the hearing aid from the victim's ear", "A")),
        "Deaf people", "disability", "motivated by hostility to disability",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "STOP_HATE_UK", "OTHER"),
        _places(Bus=16, Shop=14),
        ("Deaf (BSL user)", "Deaf; lip-reads"), _ADULT_GENDERS, (18, 80),
        ("Profoundly deaf: BSL interpreter for all meetings; contact by text or email only",
         "Deaf, lip-reads: face the victim, good light, no phone calls"),
        others=("Deaf Direct",),
    ),
    _Flavour(
        "disability_visual", "DISABILITY", None, 0.8,
        _POPULATION,
        ("Get that dog out of here", "You shouldn't be out on your own",
         "People like you shouldn't be allowed on this bus"),
        (("grabbed the harness of the victim's guide dog", "A"),
         ("moved the victim's white cane and laughed as {v_they} searched for it", "V")),
        "blind and partially sighted people", "disability", "motivated by hostility to disability",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "STOP_HATE_UK", "OTHER"),
        _places(Bus=16, Shop=14),
        ("Blind; guide dog user", "Partially sighted"), _ADULT_GENDERS, (18, 88),
        ("Blind: phone calls or audio; no printed letters",
         "Partially sighted: large-print (18pt) letters or phone calls"),
        others=("Guide Dogs",),
    ),
    _Flavour(
        "disability_mental_health", "DISABILITY", None, 1.5,
        _POPULATION,
        ("You should be locked up in a hospital", "Everyone round here knows you're mental"),
        (("Home address|shouted through the victim's letterbox night after night about "
          "{v_their} mental health", "H"),),
        "people with mental ill health", "disability", "motivated by hostility to disability",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "OTHER"),
        _places(Home_address=40),
        ("Has bipolar disorder", "Mental health condition"), _ADULT_GENDERS, (18, 75),
        ("Anxiety: prefers phone calls to visits; allow extra time",),
        others=("Mind",),
    ),
    _Flavour(
        "sexual_orientation", "SEXUAL_ORIENTATION", None, 14,
        _POPULATION,
        ("Stop flaunting it in public", "Pub|We don't want your sort in this pub",
         "It's disgusting, two men holding hands", "You're not natural",
         "Keep that away from children"),
        (("Street,Park,Pub,Train station|threw a bottle at the couple as they walked past "
          "holding hands", "A"),
         ("Home address,Street,Workplace,Park,Pub,Shop,Takeaway|scratched a homophobic word "
          "into the paintwork of the victim's car", "D"),
         ("outed the victim to {v_their} family in messages on Instagram", "H"),
         ("punched the victim after seeing {v_them} kiss {v_their} partner goodbye", "I")),
        "gay and bisexual people", "sexual orientation", "homophobic",
        ("GALOP", "VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "OTHER"),
        _places(Pub=14, Street=30, Online=12),
        ("Gay",), _genders(30, 65, 5), (15, 70),
        community_label="LGBT+ community",
        others=("Warwickshire Pride", "Local LGBT+ youth group"),
    ),
    _Flavour(
        "transgender", "TRANSGENDER", None, 6,
        _POPULATION,
        ("You'll always be a man", "Which toilet are you going to use, then?",
         "Nobody is going to believe you're a woman", "Take the wig off"),
        (("repeatedly deadnamed the victim in posts on X and shared old photographs of "
          "{v_them}", "H"),
         ("Train station|followed the victim into the station toilets demanding to know \"what "
          "{v_they} really {v_are}\"", "V"),
         ("pulled at the victim's clothes and called {v_them} by {v_their} old name", "A")),
        "trans people", "gender identity", "transphobic",
        ("GALOP", "VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "OTHER"),
        _places(Train_station=8, Online=16),
        ("Transgender",), _genders(60, 25, 15), (15, 65),
        community_label="trans community",
        others=("Warwickshire Pride", "Trans support group"),
    ),
    _Flavour(
        "local_subculture", None, "ALTERNATIVE_SUBCULTURE", 3,
        _POPULATION,
        ("Look at the state of that freak", "Go back to your graveyard",
         "People like you want sorting out"),
        (("pulled the victim's hair and mocked {v_their} black make-up and clothes", "A"),
         ("threw chips and drinks at the group because of how they were dressed", "A")),
        "goths and alternative people", "alternative appearance",
        "motivated by hostility to the victim's alternative appearance",
        ("SOPHIE_LANCASTER_FOUNDATION", "VICTIM_SUPPORT_OR_PCC_COMMISSIONED"),
        _places(Park=14, Bus=14),
        ("Goth", "Emo", "Alternative", "Punk"), _genders(55, 40, 5), (14, 40),
    ),
    _Flavour(
        "local_sex_gender", None, "SEX_GENDER", 3,
        _POPULATION,
        ("Taxi|Women shouldn't be driving taxis", "Get back in the kitchen where you belong",
         "Women like you need to be kept in your place"),
        (("repeatedly sent the victim messages saying women should be kept in their place",
          "H"),),
        "women", "sex", "motivated by hostility towards women",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED",),
        _places(Taxi=10, Online=16), ("Woman",), _genders(100, 0), (16, 70),
    ),
    _Flavour(
        "local_age", None, "AGE", 2.5,
        _POPULATION,
        ("Hurry up, you shouldn't be out at your age", "Your lot have had your time",
         "Nobody wants you old people clogging up the place"),
        (("Home address|made repeated doorstep visits to the victim, who lives alone, mocking "
          "{v_them} for being confused", "H"),
         ("Shop,Street|knocked the victim's walking frame over outside the shop", "A")),
        "older people", "age", "motivated by hostility towards older people",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "OTHER"),
        _places(Home_address=30, Shop=14), ("Older person",), _ADULT_GENDERS, (70, 92),
        others=("Age UK",),
    ),
    _Flavour(
        "local_other", None, "OTHER_PERSONAL_CHARACTERISTIC", 3,
        _POPULATION,
        ("Get off our street, nobody wants you here", "People like you make me sick",
         "Look at the size of you"),
        (("Street|kicked the victim's sleeping bag and poured a drink over {v_them} in a shop "
          "doorway", "A"),
         ("photographed the scarring on the victim's face and posted it in a group chat with "
          "mocking comments", "H"),
         ("Bus|mocked the victim's size and followed {v_them} off the bus", "V")),
        "homeless people and people who look different", "personal characteristic",
        "motivated by hostility to a personal characteristic (homelessness or appearance)",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "OTHER"),
        _places(Street=40),
        ("Homeless", "Visible facial difference", "Plus-size"), _ADULT_GENDERS, (18, 65),
        others=("Homelessness outreach team", "Changing Faces"),
    ),
)
_FLAVOURS = _W([(f, f.weight) for f in FLAVOURS])
_BY_KEY = {f.key: f for f in FLAVOURS}
# Racial hostility added to a religious case: the words that fit the victim's community.
_RACE_FOR = {
    **dict.fromkeys(("pakistani", "bangladeshi", "sikh", "gujarati"), _BY_KEY["race_south_asian"]),
    **dict.fromkeys(("somali", "nigerian", "ghanaian", "caribbean", "eritrean"),
                    _BY_KEY["race_black"]),
    **dict.fromkeys(("polish", "romanian", "lithuanian", "ukrainian"),
                    _BY_KEY["race_eastern_european"]),
    **dict.fromkeys(("kurdish", "syrian", "afghan"), _BY_KEY["race_migrant"]),
}
_RACE_ANY = dataclasses.replace(_BY_KEY["race_irish"], key="race_any", words=_RACE_GENERIC)

_GENDERED_WORDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("sexual_orientation", "Female"): (
        "Stop flaunting it in public", "Pub|We don't want your sort in this pub",
        "It's disgusting, two women kissing in the street", "You're not natural",
        "You just need a real man"),
    ("transgender", "Male"): (
        "You'll always be a girl", "You're not a real man",
        "Which toilet are you going to use, then?"),
    ("transgender", "Non-binary"): (
        "Make your mind up, are you a man or a woman?", "There are only two genders, pick one",
        "Which toilet are you going to use, then?"),
}
_GENDERED_SELF: dict[tuple[str, str], tuple[str, ...]] = {
    ("sexual_orientation", "Female"): ("Lesbian", "Bisexual woman", "Gay woman"),
    ("sexual_orientation", "Male"): ("Gay man", "Bisexual man"),
    ("sexual_orientation", "Non-binary"): ("Queer; non-binary", "Bisexual; non-binary"),
    ("transgender", "Female"): ("Trans woman",),
    ("transgender", "Male"): ("Trans man",),
    ("transgender", "Non-binary"): ("Non-binary",),
}
_PRONOUNS: dict[str, dict[str, str]] = {
    "Female": {"v_they": "she", "v_them": "her", "v_their": "her", "v_are": "is",
               "v_speak": "speaks"},
    "Male": {"v_they": "he", "v_them": "him", "v_their": "his", "v_are": "is",
             "v_speak": "speaks"},
    "Non-binary": {"v_they": "they", "v_them": "them", "v_their": "their",
                   "v_are": "are", "v_speak": "speak"},
}
_SUSPECT_PRONOUNS = {
    False: {"s_he": "he", "s_him": "him", "s_his": "his"},
    True: {"s_he": "she", "s_him": "her", "s_his": "her"},
}


_WORDS_AT: dict[tuple[tuple[str, ...], str], tuple[str, ...]] = {}
_WISHES_AT: dict[tuple[int, str], tuple[Any, ...]] = {}


def _fits(text: str, place_type: str) -> bool:
    """Whether a phrase fits the place: unmarked, or marked ``"Bus,Taxi|..."`` with it."""
    return "|" not in text or place_type in text.split("|", 1)[0].split(",")


def _wishes_at(wishes: tuple[Any, ...], place_type: str) -> tuple[Any, ...]:
    found = _WISHES_AT.get((id(wishes), place_type))
    if found is None:
        found = tuple((w[0].split("|", 1)[-1], *w[1:]) for w in wishes if _fits(w[0], place_type))
        _WISHES_AT[(id(wishes), place_type)] = found
    return found


def _words_at(words: tuple[str, ...], place_type: str) -> tuple[str, ...]:
    """The phrases that fit ``place_type``: unmarked ones, and those marked ``"Place|..."``."""
    found = _WORDS_AT.get((words, place_type))
    if found is None:
        found = tuple(w.split("|", 1)[-1] for w in words if _fits(w, place_type))
        _WORDS_AT[(words, place_type)] = found
    return found


def _quoted(words: str) -> str:
    """``words`` in quotes, ending the sentence: ``"Go home."``, ``"Which one, then?"``."""
    return f'"{words}"' if words[-1] in "?!." else f'"{words}."'


def _fill(text: str, subs: dict[str, str]) -> str:
    """``text`` with its ``{placeholders}`` filled in from ``subs``."""
    return text.format_map(subs) if "{" in text else text


# Words in the speaker's own language, with an English translation:
# (flavour, victim community, speaker community, language, words, translation)
_FOREIGN: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("religion_ahmadi", "pakistani", "pakistani", "Urdu",
     "تم لوگ مسلمان نہیں ہو، ہماری دکان سے دور رہو",
     "You people are not Muslims, stay away from our shop"),
    ("race_eastern_european", "ukrainian", "russian", "Russian",
     "Убирайся обратно в свою Украину, тебе здесь не рады",
     "Get out, back to your Ukraine, you're not welcome here"),
    ("sexual_orientation", "syrian", "syrian", "Arabic",
     "أنت عار على عائلتك ولن نسمح لك بالعيش هنا",
     "You are a disgrace to your family and we will not let you live here"),
    ("race_east_asian", "hongkong", "chinese", "Chinese (Mandarin)",
     "滚回香港去，这里不欢迎你",
     "Go back to Hong Kong, you are not welcome here"),
    ("race_roma_traveller", "roma", "polish", "Polish",
     "Wynoście się z naszej ulicy, nikt was tu nie chce",
     "Get off our street, nobody wants you here"),
    ("race_roma_traveller", "roma", "romanian", "Romanian",
     "Plecați de aici, nu vă vrem pe strada noastră",
     "Get out of here, we don't want you on our street"),
)
_FOREIGN_BY: dict[tuple[str, str], list[tuple[str, str, str, str, str, str]]] = {}
for _item in _FOREIGN:
    _FOREIGN_BY.setdefault((_item[0], _item[1]), []).append(_item)

# Marked "Place,Place|..." where an act only makes sense in some places.
_GENERIC_HARM: dict[str, tuple[str, ...]] = {
    "A": ("pushed the victim in the chest", "spat at the victim, hitting {v_their} coat",
          "grabbed the victim by the arm and would not let go", "threw a drink over the victim"),
    "I": ("punched the victim once in the face, causing a cut lip and bruising",
          "pushed the victim to the ground, causing grazes to both hands and a sprained wrist",
          "head-butted the victim, causing a nosebleed and swelling"),
    "D": ("Home address|kicked the victim's front door, cracking the glass panel",
          "Shop,Takeaway|smashed the front window of the premises with a brick",
          "Home address,Street,Workplace,Park,Pub,Shop,Takeaway|scratched the paintwork along "
          "both sides of the victim's car",
          "Bus,Train station,Street,Park,Pub,School|snatched the victim's phone and smashed it "
          "on the ground",
          "Taxi|kicked the door of the victim's taxi, leaving a large dent",
          "School|ripped up the victim's school bag and books",
          "Place of worship|threw a brick through a window of the building"),
    "H": ("Home address,Street|over about {weeks} weeks repeatedly shouted comments at the "
          "victim whenever {v_they} left the house",
          "sent the victim more than {count} messages over {weeks} weeks",
          "Bus,Shop,Takeaway,Taxi,Workplace,School,Pub,Park,Train station,Place of worship|came "
          "back again and again over {weeks} weeks to repeat the comments"),
    "V": ("shouted at the victim",),
}
_ONLINE_HARM = (
    "sent the victim more than {count} messages over {weeks} weeks",
    "posted comments about the victim on {platform} over {weeks} weeks, tagging {v_their} friends",
    "set up new accounts to keep messaging the victim after being blocked",
)
_HARMS = _W([("V", 40), ("A", 18), ("I", 8), ("D", 14), ("H", 20)])
# Hours in which incidents at a place happen (first and last hour, local time).
_OPENING = {"School": (8, 15), "Pub": (12, 22), "Takeaway": (16, 22), "Shop": (7, 21),
            "Workplace": (7, 20), "Place of worship": (8, 21)}
_GRAFFITI_PLACES = frozenset({"Home address", "Place of worship", "Shop", "Takeaway", "Street",
                              "Workplace"})

# harm -> (CDA underlying offence, CDA section, offence wording, basic statute,
# aggravated HOCR code, basic HOCR code)
_Offence = tuple[str, str, str, str, str, str]
_OFFENCES: dict[str, tuple[_Offence, ...]] = {
    "V": (
        ("POA_S4A", "s.31(1)(b)", "intentional harassment, alarm or distress",
         "Public Order Act 1986 s.4A", "9B", "9A"),
        ("POA_S5", "s.31(1)(c)", "harassment, alarm or distress", "Public Order Act 1986 s.5",
         "9B", "9A"),
        ("POA_S4", "s.31(1)(a)", "fear or provocation of violence", "Public Order Act 1986 s.4",
         "9B", "9A"),
    ),
    "A": (("COMMON_ASSAULT", "s.29(1)(c)", "common assault", "Criminal Justice Act 1988 s.39",
           "105B", "105A"),),
    "I": (
        ("OAPA_S47", "s.29(1)(b)", "assault occasioning actual bodily harm",
         "Offences Against the Person Act 1861 s.47", "8P", "8N"),
        ("OAPA_S20", "s.29(1)(a)", "unlawful wounding",
         "Offences Against the Person Act 1861 s.20", "8P", "8N"),
    ),
    "D": (("CDA1971_S1_1", "s.30(1)", "criminal damage", "Criminal Damage Act 1971 s.1(1)",
           "58J", "58A"),),
    "H": (
        ("PHA_S2", "s.32(1)(a)", "harassment", "Protection from Harassment Act 1997 s.2", "8M",
         "8L"),
        ("PHA_S4", "s.32(1)(b)", "putting people in fear of violence",
         "Protection from Harassment Act 1997 s.4", "8M", "8L"),
    ),
}
_CDA_ROUTE = {"s.29": "CDA_S29_ASSAULT", "s.30": "CDA_S30_CRIMINAL_DAMAGE",
              "s.31": "CDA_S31_PUBLIC_ORDER", "s.32": "CDA_S32_HARASSMENT"}
_S66_HOSTILITY = {"RACE": "race", "RELIGION": "religion", "DISABILITY": "disability",
                  "SEXUAL_ORIENTATION": "sexual orientation",
                  "TRANSGENDER": "transgender identity"}
_LOCAL_KEYS = frozenset({"ALTERNATIVE_SUBCULTURE", "SEX_GENDER", "AGE",
                         "OTHER_PERSONAL_CHARACTERISTIC"})

_UNKNOWN_SUSPECTS = (
    ("Unknown male (white, 20s, grey hooded top)", False),
    ("Unknown male (white, 40s, shaved head)", False),
    ("Unknown female (white, 30s, blonde ponytail)", True),
    ("Unknown male (teenager, school uniform)", False),
    ("Unknown male (white, 50s, hi-vis jacket)", False),
    ("Unknown male (slim build, dark tracksuit)", False),
    ("Unknown female (20s, dark hair, long black coat)", True),
)
_PLATFORMS = ("Facebook", "Instagram", "X (Twitter)", "TikTok", "Snapchat", "WhatsApp",
              "Facebook Messenger", "a local Facebook community group")
_ACCOUNTS = {"a local Facebook community group": "Facebook", "Facebook Messenger": "Facebook"}
_WORKPLACES = ("a warehouse", "a care home", "a distribution centre", "a car wash",
               "a food-processing factory", "a hotel", "a hospital ward", "a call centre")
_SCHOOLS = ("a secondary school", "a sixth-form college", "an academy")
_WORSHIP = {"religion_muslim": "mosque", "religion_jewish": "synagogue",
            "religion_hindu": "temple", "religion_christian": "church",
            "religion_sikh": "gurdwara", "religion_ahmadi": "mosque"}


# -- wishes, contacts, support -----------------------------------------------------------------

# (words, wants prosecution, willing to give evidence, out-of-court views, special measures)
_Wish = tuple[str, str, str, str | None, str | None]
_FIRST_WISHES: tuple[_Wish, ...] = (
    ("I want {s_him} to know it's not OK.", "YES", "YES", None, None),
    ("I don't want to go to court but I want it on record.", "NO", "NO",
     "Would accept a community resolution with an apology", None),
    ("I just want it to stop. I don't care about court as long as they leave us alone.",
     "UNSURE", "UNSURE", "Open to restorative justice if it stops it happening again", None),
    ("I want them charged. This has happened too many times.", "YES", "YES", None, None),
    ("I'm scared of giving evidence in case they find out where I live.", "UNSURE", "UNSURE",
     None, "Screens in court, or evidence by live link"),
    ("I'd be willing to meet {s_him} if it means {s_he} understands what {s_he} did.", "UNSURE",
     "YES", "Would like restorative justice explained", None),
    ("I'll go to court if I can give evidence behind a screen.", "YES", "YES", None, "Screens"),
    ("Bus,Shop,Takeaway,Taxi,Train station|I want the CCTV looked at and I want to know what "
     "happens.", "YES", "UNSURE", None, None),
    ("School|I shouldn't have to hear that at school. I want the school involved.", "UNSURE",
     "UNSURE", "Prefers the school to deal with it alongside the police", None),
    ("Home address|I'm happy for the council to know so they can do something about the estate.",
     "UNSURE", "NO", "Would rather the neighbour got a warning than went to court", None),
    ("Online|I just want the posts taken down and for them to stop messaging me.", "UNSURE",
     "UNSURE", "Would accept a warning if the messages stop", None),
)
_LATER_WISHES: tuple[_Wish, ...] = (
    ("I've changed my mind, I do want to go to court now {s_he} has done it again.", "YES",
     "YES", None, None),
    ("I'm not sure any more. I'm worried about what {s_his} family will do.", "UNSURE",
     "UNSURE", None, "Separate waiting area at court"),
    ("I still want to go ahead, but I'd like a screen in court.", "YES", "YES", None,
     "Screens"),
    ("I want to read my statement to the court myself.", "YES", "YES", None, None),
    ("I don't want any more calls unless something actually happens.", "UNSURE", "UNSURE",
     None, None),
    ("I'd rather it was sorted without court now. I just want to move on.", "NO", "NO",
     "Would accept a caution or community resolution", None),
    ("Please keep me updated by text. I can't talk at work.", "YES", "YES", None, None),
)
_FREQUENCIES = ("Weekly", "Fortnightly", "Every 28 days", "Only when there is news",
                "After each key decision")
# (safe-times text, earliest and latest minute of UK local time)
_SAFE_TIMES = (
    ("Weekday evenings after 6pm", 18 * 60, 20 * 60 + 30),
    ("Weekdays 9am to 3pm (school hours)", 9 * 60, 15 * 60),
    ("Mornings before 11am only", 8 * 60 + 30, 11 * 60),
    ("Any time during the day", 9 * 60, 19 * 60),
    ("After 7pm, when the family is home", 19 * 60, 21 * 60),
    ("Lunchtimes, 12 to 2pm (works shifts)", 12 * 60, 14 * 60),
)
_CONTACT_NOTES = (
    "Do not leave voicemail: the phone is shared with family.",
    "Do not send letters to the home address; use email.",
    "Suspect lives nearby: do not visit in a marked car.",
    "Use the victim's first name only when calling.",
    "The victim's teenage children do not know about the incident; speak to the victim only.",
    "Text before calling; the victim does not answer unknown numbers.",
)

_NEED_NOTES: dict[str, tuple[str, ...]] = {
    "HEALTH": ("Reports poor sleep since the incident; GP aware.",
               "Minor injury to the lip; no ongoing treatment.",
               "Headaches since the assault; has seen the GP."),
    "EMOTIONAL": ("Anxious about leaving the house alone.",
                  "Feels low; open to emotional support sessions.",
                  "Tearful at the visit; keeps replaying what happened."),
    "SAFETY_SECURITY": ("Suspect lives three doors away; target hardening requested.",
                        "Wants a doorbell camera and a letterbox guard.",
                        "Has changed the route to work to avoid the area."),
    "HOUSING": ("Council tenant; considering a management transfer.",
                "Housing association informed with the victim's consent.",
                "Private rented; landlord unhelpful about repairs."),
    "FINANCIAL_COMPENSATION": ("Lost two shifts' pay; wants compensation considered (MG19).",
                               "Window repair quote of £240.",
                               "Phone screen broken in the incident; £180 to replace."),
    "WORK_STUDY": ("Signed off work for a week.", "Student; tutor aware; missed an exam.",
                   "Worried about going back to the same shift pattern."),
    "FAMILY": ("Children saw the abuse; school informed with consent.",
               "Partner also targeted; both want updates.",
               "Elderly parent lives with the victim and is frightened."),
    "COMMUNICATION_ACCESS": ("Needs an interpreter for face-to-face meetings.",
                             "Prefers contact by text; hard of hearing.",
                             "Easy Read letters requested."),
    "CJ_PROCESS_COURT": ("Worried about seeing the defendant at court; pre-trial visit offered.",
                         "Would like screens if it goes to trial.",
                         "Wants to understand what a not-guilty plea means."),
    "ONLINE_HARM": ("Abusive posts still visible; reported to the platform.",
                    "Advice on privacy settings given; account now private.",
                    "Receiving new messages from fresh accounts."),
    "COMMUNITY_ISOLATION": ("Has stopped going to the community centre since the incident.",
                            "Feels isolated; no family locally.",
                            "Stopped attending the place of worship for a few weeks."),
}
_NEED_AREAS = tuple(_NEED_NOTES)
# Areas any victim may raise; the others follow from the case (language, access, online).
_EXTRA_NEEDS = ("HEALTH", "HOUSING", "FINANCIAL_COMPENSATION", "WORK_STUDY", "FAMILY",
                "CJ_PROCESS_COURT", "COMMUNITY_ISOLATION")
# (action, owner) per need area; {oic} {vlo} {team} {council} {court} are filled in.
_NEED_ACTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "HEALTH": (("Signpost to the GP and NHS Talking Therapies", "{vlo}"),),
    "EMOTIONAL": (("Referral for emotional support sessions", "Victim Support"),
                  ("Fortnightly welfare call", "{vlo}")),
    "SAFETY_SECURITY": (("Fit a letterbox guard and door chain (target hardening)",
                         "Victim Support"),
                        ("Flag the address so calls are prioritised", "{oic}"),
                        ("Extra patrols past the address for four weeks", "{team}")),
    "HOUSING": (("Share the incident log with the housing provider (consent obtained)",
                 "Housing officer, {council}"),),
    "FINANCIAL_COMPENSATION": (("Complete the MG19 compensation form", "{oic}"),
                               ("Explain the Criminal Injuries Compensation Scheme", "{vlo}")),
    "WORK_STUDY": (("Letter for the employer confirming the incident and court dates",
                    "{vlo}"),),
    "FAMILY": (("Contact the school safeguarding lead with the parent's consent", "{vlo}"),),
    "COMMUNICATION_ACCESS": (("Book an interpreter for the next home visit", "{vlo}"),
                             ("Send all letters in the victim's preferred format", "{vlo}")),
    "CJ_PROCESS_COURT": (("Arrange a Witness Service pre-trial visit to {court}",
                          "Witness Service"),
                         ("Apply for special measures (screens)", "{oic} / CPS")),
    "ONLINE_HARM": (("Report the posts to the platform and ask for the data to be preserved",
                     "{oic}"),),
    "COMMUNITY_ISOLATION": (("Introduce the victim to a local community group",
                             "Community cohesion officer, {council}"),
                            ("Invite the victim to the next community drop-in", "{team}")),
}
_CLOSURE_REASONS = (
    "Victim satisfied; no further support needed.",
    "Victim moved out of the area; details passed to the receiving force with consent.",
    "Victim declined further contact.",
)
_COURT_CLOSURE = "Case concluded at court; victim referred to Victim Support for ongoing help."
_CONSENT_HOW = ("Verbal consent by phone, noted in pocket notebook",
                "Written consent on the referral form", "Consent given at the home visit",
                "Consent by email", "Consent given through an interpreter at the home visit")
_IMPACTS = ("PHYSICAL", "FINANCIAL", "EMOTIONAL_PSYCHOLOGICAL", "VULNERABLE_OR_INTIMIDATED",
            "NO_LONGER_SAFE", "FAMILY", "QUALITY_OF_LIFE", "SUPPORT_NEEDED")
_LAWFUL_BASES = (
    "Crime and Disorder Act 1998 s.115; DPA 2018 s.35 (law enforcement purposes)",
    "UK GDPR Art 6(1)(e) and DPA 2018 Sch 1 para 10 (preventing or detecting unlawful acts)",
    "Victim's consent; Crime and Disorder Act 1998 s.115",
)
_AGENCY_NAMES = {
    "VICTIM_SUPPORT_OR_PCC_COMMISSIONED": "Victim Support (PCC-commissioned service)",
    "STOP_HATE_UK": "Stop Hate UK",
    "STOP_LD_HATE_CRIME_LINE": "Stop Learning Disability Hate Crime line",
    "GALOP": "Galop",
    "TELL_MAMA": "Tell MAMA",
    "CST": "CST",
    "EQUIP_WARWICKSHIRE": "EQuIP",
    "TRUE_VISION": "True Vision",
    "SOPHIE_LANCASTER_FOUNDATION": "Sophie Lancaster Foundation",
    "WITNESS_SERVICE": "Witness Service",
}
_CHANNELS = ("PHONE", "TEXT_MESSAGE", "EMAIL", "LETTER", "IN_PERSON", "VIDEO_CALL")
_TOLD_ABOUT = {
    "SUSPECT_ARRESTED": "Told the victim the suspect has been arrested.",
    "SUSPECT_INTERVIEWED": "Told the victim the suspect has been interviewed.",
    "SUSPECT_BAILED": "Told the victim the suspect is on bail with conditions not to make contact.",
    "SUSPECT_RELEASED_UNDER_INVESTIGATION": "Explained that the suspect has been released "
                                            "under investigation.",
    "SUSPECT_CHARGED": "Explained the CPS charging decision and what happens next.",
    "NO_FURTHER_ACTION": "Explained the decision to take no further action and the Victims' "
                         "Right to Review.",
    "COURT_OUTCOME": "Told the victim the outcome at court.",
    "OTHER": "Told the victim the investigation has been filed.",
}


# -- officers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Officers:
    oic: dict[str, list[str]]
    vlo: dict[str, list[str]]
    supervisors: dict[str, list[str]]
    inspectors: dict[str, list[str]]


_OFFICER_CACHE: dict[int, _Officers] = {}


def _officers(seed: int) -> _Officers:
    """A fixed set of invented officers per force for this seed."""
    cached = _OFFICER_CACHE.get(seed)
    if cached is not None:
        return cached
    r = random.Random(f"hcdesk-demo-officers:{seed}").random  # noqa: S311 - not for security
    pools: dict[str, dict[str, list[str]]] = {"oic": {}, "vlo": {}, "sup": {}, "insp": {}}
    sizes = {"oic": 40, "vlo": 16, "sup": 10, "insp": 4}
    ranks = {"oic": ("PC", "PC", "DC"), "vlo": ("PC", "PCSO", "DC"), "sup": ("PS", "DS"),
             "insp": ("Insp",)}
    for force in ("WARWICKSHIRE", "WEST_MERCIA"):
        used: set[int] = set()
        for pool, size in sizes.items():
            names = pools[pool].setdefault(force, [])
            for _ in range(size):
                number = _rint(r, 1000, 9999)
                while number in used:
                    number = _rint(r, 1000, 9999)
                used.add(number)
                com = COMMUNITIES[_POPULATION.pick(r)]
                rank = _pick(r, ranks[pool])
                names.append(f"{rank} {number} {_person_name(r, com, r() < 0.45)}")
    result = _Officers(pools["oic"], pools["vlo"], pools["sup"], pools["insp"])
    _OFFICER_CACHE[seed] = result
    return result


def _initials(officer: str) -> str:
    parts = officer.split(" ")[2:]
    return (_ascii(parts[0])[:1] + _ascii(parts[-1])[:1]).upper() or "XX"


# -- references ----------------------------------------------------------------------------------


def _crime_reference(index: int, force: str, year: int) -> str:
    """``23/45678/26``: force code / number / year. The number is a bijection of the index."""
    n = index - 1
    number = (n % 100_000 * 48_271 + 13_579) % 100_000 + (n // 100_000) * 100_000
    return f"{_FORCE_CODE[force]}/{number:05d}/{year % 100:02d}"


def _urn(index: int, force: str, station: str, year: int) -> str:
    """CPS-style URN ``23NU1234526``: force code, station, 5-digit number, year.

    Unique for the first 100,000 indexes: the number is a bijection of ``index - 1``.
    """
    number = ((index - 1) % 100_000 * 69_621 + 24_680) % 100_000
    return f"{_FORCE_CODE[force]}{station}{number:05d}{year % 100:02d}"


# -- the case builder ----------------------------------------------------------------------------


@dataclass
class _Court:
    """How far the case has got in the criminal justice process."""

    status: str = "OPEN"
    file_stage: str | None = None
    plea: str | None = None
    urn: str | None = None
    decision: str | None = None
    outcome: str | None = None
    outcome_day: int | None = None
    closed_on: int | None = None
    charged_on: int | None = None
    arrested_on: int | None = None  # or interviewed voluntarily
    progress: str | None = None  # a sentence for the summary


class _Case:
    """Builds one case. All randomness comes from one generator seeded by (seed, index)."""

    __slots__ = ("counter", "index", "ms_of_day", "officers", "prefixes", "r", "rand_b", "today")

    def __init__(self, seed: int, index: int, today: int, officers: _Officers) -> None:
        rng = random.Random(f"hcdesk-demo:{seed}:{index}")  # noqa: S311 - not for security
        self.r = rng.random
        self.index = index
        self.today = today
        self.officers = officers
        # Ids are UUIDv7 with a dedicated counter (RFC 9562 section 6.2, method 1): the
        # timestamp is a moment on the record's day, rand_a counts the case's records and
        # rand_b is random, drawn once per case.
        self.ms_of_day = rng.getrandbits(26)  # under 86,400,000
        tail = f"{0x8000_0000_0000_0000 | rng.getrandbits(62):016x}"
        self.rand_b = f"{tail[:4]}-{tail[4:]}"
        self.counter = 0
        self.prefixes: dict[int, str] = {}

    def uid(self, day: int) -> str:
        """A UUIDv7 whose timestamp is on ``day``; unique within the case by its counter."""
        prefix = self.prefixes.get(day)
        if prefix is None:
            t = f"{(day - _EPOCH) * 86_400_000 + self.ms_of_day:012x}"
            prefix = self.prefixes[day] = f"{t[:8]}-{t[8:]}-7"
        self.counter += 1
        return "%s%03x-%s" % (prefix, self.counter, self.rand_b)  # noqa: UP031 - quicker

    # -- the story ---------------------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        r = self.r
        end = self.today  # nothing on or after this day has happened yet
        flav: _Flavour = _FLAVOURS.pick(r)
        town: _Town = _TOWNS.pick(r)
        force = town.force
        officers = self.officers
        oic = _pick(r, officers.oic[force])
        vlo = _pick(r, officers.vlo[force])
        supervisor = _pick(r, officers.supervisors[force])
        court_name = town.courts[0]

        roll = r()
        record_type = (
            "HATE_CRIME" if roll < 0.76 else
            "NON_CRIME_HATE_INCIDENT" if roll < 0.91 else "HATE_INCIDENT_UNCLASSIFIED")
        crime = record_type == "HATE_CRIME"
        unclassified = record_type == "HATE_INCIDENT_UNCLASSIFIED"
        incident = end - (_rint(r, 2, 40) if unclassified else _rint(r, 2, 547))
        roll = r()
        delay = (0 if roll < 0.55 else _rint(r, 1, 3) if roll < 0.85 else
                 _rint(r, 4, 30) if roll < 0.97 else _rint(r, 31, 90))
        reported = min(incident + delay, end - 1)

        # The victim and the strands.
        com = COMMUNITIES[flav.communities.pick(r)]
        gender: str = flav.genders.pick(r)
        female = gender == "Female" or (gender == "Non-binary" and r() < 0.5)
        place_type: str = flav.places.pick(r)
        first_hour, last_hour = _OPENING.get(place_type, (7, 22))
        if place_type == "School" and (incident - 1) % 7 >= 5:
            incident -= (incident - 1) % 7 - 4  # weekends move back to the Friday
        incident_minute = _rint(r, first_hour, last_hour) * 60 + _pick(
            r, (0, 5, 10, 15, 20, 30, 40, 45, 50))
        incident_time = f"{incident_minute // 60:02d}:{incident_minute % 60:02d}"
        after = (incident, incident_minute + 20)  # nothing is logged before this
        if place_type == "School":
            victim_age = _rint(r, 11, 17)
        else:
            victim_age = _rint(r, *flav.ages)
            if victim_age < 18 and place_type in ("Taxi", "Workplace", "Pub", "Takeaway"):
                victim_age = _rint(r, 19, 60)
        minor = victim_age < 18
        subs = dict(_PRONOUNS[gender])
        strands: list[str] = [flav.strand] if flav.strand else []
        local: list[str] = [flav.local] if flav.local else []
        seconds: list[tuple[_Flavour, str]] = []
        if flav.strand == "RACE" and com.muslim and r() < 0.3:
            seconds.append((_BY_KEY["religion_muslim"], "RELIGION"))
        elif flav.strand == "RACE" and com.key == "sikh" and r() < 0.2:
            seconds.append((_BY_KEY["religion_sikh"], "RELIGION"))
        elif flav.strand == "RELIGION" and com.key != "white_british" and r() < 0.4:
            seconds.append((_RACE_FOR.get(com.key, _RACE_ANY), "RACE"))
        elif flav.strand == "TRANSGENDER" and r() < 0.35:
            seconds.append((_BY_KEY["sexual_orientation"], "SEXUAL_ORIENTATION"))
        elif flav.strand == "SEXUAL_ORIENTATION" and r() < 0.06:
            seconds.append((_BY_KEY["disability_mobility"], "DISABILITY"))
        elif (flav.strand == "DISABILITY" and r() < 0.08) or (
                flav.local == "ALTERNATIVE_SUBCULTURE" and r() < 0.12):
            seconds.append((_BY_KEY["sexual_orientation"], "SEXUAL_ORIENTATION"))
        if female and flav.local != "SEX_GENDER" and not minor and r() < 0.05:
            seconds.append((_BY_KEY["local_sex_gender"], "SEX_GENDER"))
        if victim_age >= 70 and flav.local != "AGE" and r() < 0.3:
            seconds.append((_BY_KEY["local_age"], "AGE"))
        for _f, key in seconds:
            target = local if key in _LOCAL_KEYS else strands
            if key not in target:
                target.append(key)
        options = _FOREIGN_BY.get((flav.key, com.key))
        foreign = _pick(r, options) if options and r() < 0.6 else None

        # Where it happened.
        victim_town = town
        if place_type != "Home address" and r() < 0.25:
            victim_town = COVENTRY if force == "WARWICKSHIRE" and r() < 0.4 else _pick(
                r, _FORCE_TOWNS[force])
        vaddress, vpostcode, varea = _address(r, victim_town)
        place, doing, platform = self.place(place_type, town, varea, flav)
        online = place_type == "Online"

        # What happened.
        harm = ("H" if online else _HARMS.pick(r)) if crime else "V"
        if crime and place_type == "Place of worship" and harm not in ("D", "H"):
            harm = "D"
        words = foreign[5] if foreign else _pick(r, _words_at(
            _GENDERED_WORDS.get((flav.key, gender), flav.words), place_type))
        conduct = _words_at(tuple(c[0] for c in flav.conduct if c[1] == harm), place_type)
        flavour_act = bool(conduct) and r() < 0.5
        generic = _ONLINE_HARM if online else _words_at(_GENERIC_HARM[harm], place_type)
        act = _pick(r, conduct) if flavour_act else _pick(r, generic)
        graffiti = harm == "D" and not foreign and place_type in _GRAFFITI_PLACES and r() < 0.35
        if graffiti:
            surface = {
                "Home address": "the front door of the victim's home",
                "Place of worship": f"the wall of the {_WORSHIP.get(flav.key, 'church')}",
                "Shop": "the shutters of the shop", "Takeaway": "the shutters of the takeaway",
                "Workplace": "the victim's car in the staff car park",
            }.get(place_type, "the wall outside the victim's home")
            act = f'painted the words "{words.upper()}" on {surface}'
            flavour_act = True
        subs["platform"] = platform
        subs["weeks"] = str(_rint(r, 2, 10))
        subs["count"] = str(_rint(r, 8, 60))
        act = _fill(act, subs)

        # Suspects.
        suspects: list[dict[str, Any]] = []
        if crime:
            n_suspects, known = _pick(r, (1, 1, 1, 1, 1, 1, 2, 2, 3)), r() < 0.68
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
                    uname = f"Unknown {_ACCOUNTS.get(platform, platform)} account"
                else:
                    uname, sfemale = _pick(r, _UNKNOWN_SUSPECTS)
                if k == 0:
                    suspect_female = sfemale
                suspects.append(self.person(incident, uname, None,
                                            "Female" if sfemale else "Male", None, None, None))
                continue
            scom = COMMUNITIES[foreign[2] if foreign and k == 0 else _SUSPECT_POPULATION.pick(r)]
            sage = _rint(r, 12, 17) if place_type == "School" else _rint(r, 15, 68)
            sname = _person_name(r, scom, sfemale)
            if r() < 0.92:
                saddr, spc, _a = _address(r, town)
            else:
                saddr, spc = "No fixed abode", None
            previous = orders = group = None
            if r() < 0.3:
                previous = (f"{_rint(r, 1, 4)} earlier incident(s) involving the victim since "
                            f"{_short(incident - _rint(r, 40, 400))}")
            if r() < 0.12:
                orders = _pick(r, (
                    "Community Protection Notice issued; breached by this incident",
                    "Criminal Behaviour Order prohibiting entry to the victim's street",
                    "Bail conditions: not to contact the victim or go to the victim's street",
                    "Restraining order (PHA s.5) protecting a previous victim",
                ))
            if r() < 0.05:
                group = ("Intelligence links to a local far-right Telegram channel; tattoos "
                         "photographed in custody")
            suspects.append(self.person(
                incident, sname, incident - sage * 365 - _rint(r, 0, 364),
                "Female" if sfemale else "Male", saddr, spc, _phone(r) if r() < 0.5 else None,
                previous=previous, orders=orders, group=group))
            if k == 0:
                suspect_name = sname
        subs.update(_SUSPECT_PRONOUNS[suspect_female])

        # Witnesses.
        witnesses: list[dict[str, Any]] = []
        for k in range(0 if online else _pick(r, (0, 1, 1, 1, 2, 2, 3))):
            wcom = COMMUNITIES[_POPULATION.pick(r)]
            wfemale = r() < 0.5
            waddr, wpc, _a = _address(r, victim_town if r() < 0.3 else town)
            role = ""
            if k == 0:
                role = {"Bus": " (bus driver)", "Shop": " (shop assistant)",
                        "Takeaway": " (co-worker)", "School": " (teacher)",
                        "Taxi": " (passer-by)", "Pub": " (bar staff)"}.get(place_type, "")
            w = self.person(
                incident, _person_name(r, wcom, wfemale) + role,
                incident - _rint(r, 17, 75) * 365 - _rint(r, 0, 364),
                "Female" if wfemale else "Male", waddr, wpc, _phone(r))
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
            if not statuses:
                statuses.append("STANDARD")
        enhanced = bool(statuses) and statuses != ["STANDARD"]
        language = None
        interpreter = False
        if com.languages:
            lang, chance = _pick(r, com.languages)
            if r() < chance * (0.4 if minor else 1.0):
                language, interpreter = lang, True
            elif r() < 0.3:
                language = lang  # spoken at home; no interpreter needed
        profile = int(r() * 840)  # picks matching entries of self_described and access
        access = flav.access[profile % len(flav.access)] if flav.access and r() < 0.8 else None
        safe = _SAFE_TIMES[0] if minor else (_pick(r, _SAFE_TIMES) if r() < 0.85 else None)
        channels = _some(r, _CHANNELS, _rint(r, 1, 3))
        if access and "BSL" in access:
            channels = ["TEXT_MESSAGE", "EMAIL", "VIDEO_CALL"]
        elif access and "Easy Read" in access:
            channels = ["LETTER", "IN_PERSON", "VIA_THIRD_PARTY"]
        no_voicemail = r() < 0.22
        notes = _CONTACT_NOTES[0] if no_voicemail else (
            _pick(r, _CONTACT_NOTES[1:]) if r() < 0.25 else None)
        spokesperson = None
        if minor:
            spokesperson = (f"{_person_name(r, com, True)} (mother)" if r() < 0.7 else
                            f"{_person_name(r, com, False)} (father)")
        elif access and "support worker" in access:
            spokesperson = f"{_person_name(r, COMMUNITIES['white_british'], True)} (support worker)"
        self_described = None
        if r() < 0.45 or (flav.key in ("transgender", "sexual_orientation") and r() < 0.4):
            if flav.strand == "RACE":
                self_described = com.label
            else:
                described = _GENDERED_SELF.get((flav.key, gender), flav.self_described)
                self_described = described[profile % len(described)]
                if "hijab" in self_described and not female:
                    self_described = "Muslim"
        vname = _person_name(r, com, female, 0.25)
        email = None
        if not minor and r() < 0.55:
            latin = vname.split(" (")[0].split(" ")
            email = f"{_ascii(latin[0])}.{_ascii(latin[-1])}{_rint(r, 1, 99)}@example.org"
        has_victim = not (unclassified and r() < 0.15)
        victim = self.person(
            reported, vname, incident - victim_age * 365 - _rint(r, 0, 364), gender, vaddress,
            vpostcode, _phone(r), email=email, safe_times=safe[0] if safe else None,
            channels=channels, no_voicemail=no_voicemail, notes=notes, interpreter=interpreter,
            language=language, access=access, spokesperson=spokesperson,
            self_described=self_described, statuses=statuses)
        if crime:
            victim["statement_ref"] = "MG11-V1"
        window = (safe[1], safe[2]) if safe else (9 * 60, 19 * 60)

        # The offence and how far the case has gone.
        offence: _Offence = _pick(r, _OFFENCES[harm])
        hostile = [s for s in strands if s in _S66_HOSTILITY]
        cda = crime and ("RACE" in strands or "RELIGION" in strands)
        if cda:
            adjective = ("Racially or religiously" if "RACE" in strands and "RELIGION" in strands
                         else "Racially" if "RACE" in strands else "Religiously")
            route: str | None = _CDA_ROUTE[offence[1][:4]]
            offence_text = f"{adjective} aggravated {offence[2]}"
            statute = f"Crime and Disorder Act 1998 {offence[1]}; {offence[3]}"
            hocr = offence[4]
        else:
            offence_text = offence[2][0].upper() + offence[2][1:]
            hocr = offence[5]
            if hostile:
                route = "SA2020_S66_UPLIFT"
                statute = (f"{offence[3]}; Sentencing Act 2020 s.66 "
                           f"({', '.join(_S66_HOSTILITY[s] for s in hostile)})")
            else:  # local strands only: no statutory uplift, hostility is a general aggravator
                route = None
                statute = offence[3]
        events: list[tuple[int, int, str, str | None, bool]] = []  # day, right, kind, note, key
        court = _Court()
        charges: list[dict[str, Any]] = []
        if crime and known:
            charges = self.prosecution(court, events, reported, incident, end, force, town,
                                       offence, offence_text, statute, route, cda, hocr, strands,
                                       local, hostile, suspect_name, court_name)
        elif crime:
            if end - reported > 45 and r() < 0.5:
                court.status = "CLOSED"
                court.closed_on = reported + _rint(r, 28, 45)
                events.append((court.closed_on, 6, "OTHER",
                               "Investigation filed: no suspect identified; to be reopened if "
                               "new information comes in", True))
                court.progress = ("No suspect has been identified and the investigation has "
                                  "been filed.")
            else:
                court.progress = "Enquiries to identify the suspect are continuing."
        elif end - reported > 30 and r() < 0.6:
            court.status = "CLOSED"
            court.closed_on = reported + _rint(r, 10, 30)

        # Support: needs assessment and plan, referrals, VPS.
        assessments: list[dict[str, Any]] = []
        plans: list[dict[str, Any]] = []
        assessed = reported + _rint(r, 0, 5)
        if has_victim and assessed < end:
            assessments.append(self.assessment(assessed, vlo, interpreter, language, access,
                                               online, harm, minor))
            if crime:
                events.append((assessed, 4, "NEEDS_ASSESSMENT_OFFERED", None, False))
            if end - assessed > 120 and r() < 0.2:
                assessments.append(self.assessment(
                    assessed + _rint(r, 40, 110), vlo, interpreter, language, access, online,
                    harm, minor,
                    trigger="Re-assessed after a further incident"))
            plans.append(self.plan(assessments[-1], vlo, oic, town, court_name, court))
        referrals: list[dict[str, Any]] = []
        if has_victim:
            agencies = [flav.agencies[0]]
            if len(flav.agencies) > 1 and r() < 0.5:
                agencies.append(_pick(r, flav.agencies[1:]))
            if force != "WARWICKSHIRE" and "EQUIP_WARWICKSHIRE" in agencies:
                agencies.remove("EQUIP_WARWICKSHIRE")
            if force == "WARWICKSHIRE" and "EQUIP_WARWICKSHIRE" not in agencies and r() < 0.15:
                agencies.append("EQUIP_WARWICKSHIRE")
            day = reported + _rint(r, 0, 4)
            for agency in agencies:
                if day >= end:
                    break
                referrals.append(self.referral(day, agency, flav, enhanced, interpreter))
                day += _rint(r, 1, 20)
            if court.charged_on is not None and (
                (court.status == "AT_COURT" and r() < 0.6) or (court.outcome and r() < 0.4)
            ):
                day = max(day, court.charged_on + _rint(r, 1, 10))
                if day < end:
                    referrals.append(self.referral(day, "WITNESS_SERVICE", flav, enhanced,
                                                   interpreter))
            if crime:
                for ref in referrals:
                    day = datetime.date.fromisoformat(ref["referred_on"]).toordinal()
                    events.append((day, 4, "REFERRAL_MADE",
                                   ref["agency_other"] or _AGENCY_NAMES[ref["agency"]], False))
        statements: list[dict[str, Any]] = []
        if crime and known and has_victim and r() < 0.7:
            vps = self.vps(reported, bool(charges), court.outcome, end)
            statements.append(vps)
            if vps["status"] != "NOT_YET_OFFERED":
                events.append((min(reported + _rint(r, 1, 14), end - 1), 7, "VPS_OFFERED", None,
                               False))

        # Community impact statement and partnership sharing.
        community_target = place_type == "Place of worship" or (
            flav.key == "race_roma_traveller" and r() < 0.3)
        impact: list[dict[str, Any]] = []
        if community_target or (crime and r() < 0.04):
            label = flav.community_label or f"{com.label} community"
            first = _DAY(incident)
            impact.append({
                "id": self.uid(reported + 10),
                "cis_type": "SPECIFIC" if community_target else "GENERIC",
                "author": _pick(r, officers.inspectors[force]),
                "community": f"{label} in {town.name}",
                "period": f"1 {_MONTHS[first.month][:3]} {first.year} to "
                          f"{_short(min(end - 1, reported + 60))}",
                "served_on_all_parties": bool(charges) and r() < 0.7,
                "summary": (f"Describes fear and distress in the {label[0].lower()}{label[1:]} "
                            f"in {town.name} after the incident: people changing their routines, "
                            "avoiding the area and asking for reassurance patrols."),
            })
        shares: list[dict[str, Any]] = []
        share_consent = None
        if has_victim and (pattern or r() < 0.1) and reported + 20 < end:
            share_consent = "YES" if r() < 0.75 else _pick(r, ("NO", "UNSURE"))
            day = reported + _rint(r, 14, 40)
            for k in range(1 if r() < 0.8 else 2):
                if day >= end:
                    break
                month = _DAY(day)
                shares.append({
                    "id": self.uid(day),
                    "partner": town.hipp if k == 0 else f"{town.council} (housing)",
                    "shared_on": _ISO[day],
                    "purpose": _pick(r, (
                        "Case review at the partnership panel to coordinate support and tackle "
                        "repeat targeting",
                        "Problem-solving: repeat targeting at the same address",
                        "Planning a joint visit with the housing provider")),
                    "data_items": ("Victim's first name and area (not the full address), incident "
                                   "summary, strands, suspect's name"),
                    "lawful_basis": _pick(r, _LAWFUL_BASES),
                    "victim_consent": share_consent,
                    "no_consent_reason": None if share_consent == "YES" else (
                        "Sharing needed to prevent further offences against the victim "
                        "(DPA 2018 s.35); the victim was told."),
                    "meeting_ref": f"HIPP/{town.station}/{month.year}-{month.month:02d}",
                })
                day += _rint(r, 21, 60)

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
                events.append((court.arrested_on + _rint(r, 7, 40), 10, "OTHER",
                               "Victim's phone returned after the messages were downloaded"
                               if online else "Property seized as evidence returned", False))
            if court.outcome and court.outcome.startswith("CONVICTED"):
                events.append((court.outcome_day or end, 11, "OTHER",
                               "Victim Contact Scheme explained: not eligible, sentence under "
                               "12 months", False))
            if r() < 0.08:
                events.append((reported + _rint(r, 20, 90), 12, "OTHER",
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
                    deadline = _working_days_after(day, target_days)
                    roll = r()
                    if roll < 0.8:
                        told = day if r() < 0.5 else _rint(r, day, deadline)
                    elif roll < 0.95:
                        told = deadline + _rint(r, 1, 8)
                    else:
                        told = None
                    if told is not None and told >= end:
                        told = None
                    if told is not None:
                        told_days.append((told, kind, note))
                code_events.append({
                    "id": self.uid(day), "supersedes_id": None, "right_number": right,
                    "event": kind, "event_date": _ISO[day],
                    "victim_told_on": None if told is None else _ISO[told], "notes": note,
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
        who = {"VICTIM": "The victim", "WITNESS": "A witness",
               "POLICE_OFFICER_STAFF": "The attending officer",
               "FAMILY_MEMBER": "The victim's parent",
               "THIRD_PARTY_REPORTING_ORG": "The third-party reporting centre"}[perceived[-1]]
        flags = ", ".join(s.lower().replace("_", " ") for s in strands + local)
        if crime:
            fcr = (f"Recorded as {offence_text[0].lower()}{offence_text[1:]} (HOCR {hocr}) with "
                   f"hate flag(s): {flags}; {_short(reported + _rint(r, 0, 3))}."
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
            next_review = max(reported + 1, end + _rint(r, -10, 28))
        decision = court.decision
        return {
            "id": self.uid(reported),
            "local_ref": f"L-DEMO-{self.index:06d}",
            "urn": court.urn,
            "crime_reference": (_crime_reference(self.index, force, _DAY(reported).year)
                                if crime else None),
            "force": force,
            "team": town.team,
            "status": court.status,
            "record_type": record_type,
            "monitored_strands": strands,
            "local_strands": local,
            "perceived_by": perceived,
            "perception_date": _ISO[reported if r() < 0.8 else incident],
            "perception_note": f"{who} perceived the incident as {flav.perception} because of "
                               "the words used.",
            "hocr_codes": hocr_codes,
            "fcr_decision": fcr,
            "incident_date": _ISO[incident],
            "incident_time": incident_time,
            "reported_date": _ISO[reported],
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
            "next_review_date": None if next_review is None else _ISO[next_review],
            "retention_review_date": _ISO[_add_years(court.closed_on or reported, 6)],
            "victim_agreed_wishes_disclosed": has_victim and r() < 0.4,
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
        }

    def place(self, place_type: str, town: _Town, home_area: str,
              flav: _Flavour) -> tuple[str, str, str]:
        """(place, what the victim was doing there, platform if online)."""
        r = self.r
        name = town.name
        street = _pick(r, town.streets)
        area = _pick(r, town.areas)
        platform = _pick(r, _PLATFORMS)
        if place_type == "Bus":
            route = _rint(r, 1, 99)
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
            school = _pick(r, _SCHOOLS)
            return (f"{school[0].upper()}{school[1:]}, {area}, {name}",
                    f"at school in {area}, {name}", platform)
        if place_type == "Workplace":
            work = _pick(r, _WORKPLACES)
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
            what = _WORSHIP.get(flav.key, "church")
            return (f"{what.capitalize()}, {area}, {name}", f"outside the {what} in {area}, {name}",
                    platform)
        return f"{street}, {name}", f"walking along {street}, {name}", platform

    def evidence_items(
        self,
        flav: _Flavour,
        seconds: list[tuple[_Flavour, str]],
        foreign: tuple[str, str, str, str, str, str] | None,
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
        initials = _initials(oic)
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
                return ("WITNESS_STATEMENT_MG11", None, _pick(r, witnesses)["statement_ref"],
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
        timing = _pick(r, ("DURING", "DURING", "DURING", "IMMEDIATELY_BEFORE",
                           "IMMEDIATELY_AFTER"))
        if foreign:
            items.append(self.evidence(
                reported, strand, local, "DEMONSTRATED", timing, foreign[4], foreign[3],
                foreign[5], "WITNESS_STATEMENT_MG11", None, "MG11-V1", "VICTIM", factors))
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
            is_local = key in _LOCAL_KEYS
            said = _pick(r, _words_at(_GENDERED_WORDS.get((sflav.key, gender), sflav.words),
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
                text = ("Earlier incidents logged against the suspect involve comments about the "
                        f"victim's {flav.characteristic}.")
                src, factors = "PREVIOUS_INCIDENT", ["PATTERN"]
            elif roll < 0.65:
                text = (f"The suspect's {_pick(r, _PLATFORMS[:5])} account shows repeated posts "
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
                reported + _rint(r, 1, 30), strand, local, "MOTIVATED", timing, text, None, None,
                src, None if src == "INTERVIEW_ADMISSION_MG15" else exhibit(), None,
                "POLICE_OFFICER_STAFF", factors, disclosure))
        return items, pattern

    def prosecution(
        self,
        court: _Court,
        events: list[tuple[int, int, str, str | None, bool]],
        reported: int,
        incident: int,
        end: int,
        force: str,
        town: _Town,
        offence: _Offence,
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
        arrest = reported + _rint(r, 0, 21)
        who = suspect.split(" (")[0] if suspect else "The suspect"
        if arrest >= end:
            court.progress = f"{who} has been identified and is due to be interviewed."
            return []
        court.arrested_on = arrest
        if voluntary:
            court.progress = (f"{who} was identified and interviewed under caution on "
                              f"{_long(arrest)}.")
        else:
            court.progress = f"{who} was identified and arrested on {_long(arrest)}."
            events.append((arrest, 6, "SUSPECT_ARRESTED", None, True))
        events.append((arrest, 6, "SUSPECT_INTERVIEWED",
                       "Voluntary interview under caution" if voluntary else None, True))
        if not voluntary:
            bailed = r() < 0.5
            events.append((arrest, 6, "SUSPECT_BAILED" if bailed else
                           "SUSPECT_RELEASED_UNDER_INVESTIGATION",
                           "Conditions: not to contact the victim" if bailed else None, True))
        to_cps = arrest + _rint(r, 7, 60)
        if to_cps >= end:
            return []
        court.status, court.file_stage = "AWAITING_CPS", "PRE_CHARGE_MG3"
        court.urn = _urn(self.index, force, town.station, _DAY(to_cps).year)
        decided = to_cps + _rint(r, 5, 45)
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
        events.append((decided, 6, "SUSPECT_CHARGED", f"Charged: {offence_text}", True))
        court.charged_on = decided
        first = decided + _rint(r, 14, 42)
        events.append((decided, 8, "COURT_DATE_SET",
                       f"First hearing at {court_name} on {_short(first)}", True))
        court.status = "AT_COURT"
        court.plea = "GUILTY" if r() < 0.6 else "NOT_GUILTY"
        court.file_stage = "FIRST_HEARING_GAP" if court.plea == "GUILTY" else "FIRST_HEARING_NGAP"
        if court.plea == "GUILTY":
            outcome_day = first + _pick(r, (0, 0, 21, 28, 35))
            outcome = "CONVICTED" if r() < 0.93 else "CONVICTED_AGGRAVATION_NOT_PROVED"
            if first < end and outcome_day > first:
                court.file_stage = "SENTENCE"  # adjourned for reports
        else:
            trial = first + _rint(r, 56, 180)
            if first < end:
                court.file_stage = "UPGRADE_TRIAL"
                events.append((first, 8, "COURT_DATE_SET",
                               f"Trial listed at {court_name} on {_short(trial)}", True))
            roll = r()
            outcome = ("CONVICTED" if roll < 0.5 else
                       "CONVICTED_AGGRAVATION_NOT_PROVED" if roll < 0.6 else
                       "ACQUITTED" if roll < 0.85 else "DISCONTINUED")
            outcome_day = trial if outcome != "DISCONTINUED" else first + _rint(r, 14, 50)
        if outcome_day < end:
            court.status, court.closed_on = "CLOSED", outcome_day
            court.outcome, court.outcome_day = outcome, outcome_day
            if outcome.startswith("CONVICTED"):
                court.file_stage = "SENTENCE"
            events.append((outcome_day, 9, "COURT_OUTCOME",
                           outcome.replace("_", " ").capitalize(), True))
        return self.charges(offence, offence_text, statute, route, cda, hocr, incident, decided,
                            court.outcome, court.outcome_day, hostile)

    # -- records -------------------------------------------------------------------------------

    def person(
        self,
        day: int,
        name: str,
        dob: int | None,
        gender: str | None,
        address: str | None,
        postcode: str | None,
        phone: str | None,
        *,
        email: str | None = None,
        safe_times: str | None = None,
        channels: list[str] | None = None,
        no_voicemail: bool = False,
        notes: str | None = None,
        interpreter: bool = False,
        language: str | None = None,
        access: str | None = None,
        spokesperson: str | None = None,
        self_described: str | None = None,
        statuses: list[str] | None = None,
        previous: str | None = None,
        orders: str | None = None,
        group: str | None = None,
    ) -> dict[str, Any]:
        return {
            "id": self.uid(day),
            "name": name,
            "date_of_birth": None if dob is None else _ISO[dob],
            "gender": gender,
            "address": address,
            "postcode": postcode,
            "phone": phone,
            "email": email,
            "safe_times": safe_times,
            "safe_channels": channels or [],
            "no_voicemail": no_voicemail,
            "contact_notes": notes,
            "interpreter_needed": interpreter,
            "language": language,
            "access_needs": access,
            "nominated_spokesperson": spokesperson,
            "self_described_characteristics": self_described,
            "victims_code_statuses": statuses or [],
            "previous_incidents": previous,
            "orders_injunctions": orders,
            "group_association": group,
            "statement_ref": None,
        }

    def evidence(
        self,
        day: int,
        strand: str | None,
        local: str | None,
        limb: str,
        timing: str,
        words: str,
        language: str | None,
        translation: str | None,
        source: str,
        exhibit: str | None,
        witness_ref: str | None,
        perceived_by: str | None,
        factors: list[str],
        disclosure: str = "DISCLOSABLE",
    ) -> dict[str, Any]:
        return {
            "id": self.uid(day),
            "strand": strand,
            "local_strand": local if strand is None else None,
            "limb": limb,
            "timing": timing,
            "words_or_conduct": words,
            "language": language,
            "translation": translation,
            "source": source,
            "exhibit_ref": exhibit,
            "witness_ref": witness_ref,
            "perceived_by": perceived_by,
            "aggravation_factors": factors,
            "disclosure_class": disclosure,
        }

    def charges(
        self,
        offence: _Offence,
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
            base = _rint(r, 4, 16)
            kind = r()
            if kind < 0.35:
                hours = _rint(r, 6, 20) * 10
                sentence = (f"Community order with {hours + 40} hours' unpaid work (uplifted from "
                            f"{hours} hours for the hostility)")
            elif kind < 0.6:
                sentence = (f"{base + 4} weeks' imprisonment suspended for 12 months (uplifted "
                            f"from {base} weeks)")
            elif kind < 0.85:
                fine = _rint(r, 12, 60) * 10
                sentence = (f"Fine of £{fine + 150} (uplifted from £{fine}); "
                            f"£{_rint(r, 5, 30) * 10} compensation to the victim")
            else:
                sentence = f"{base + 6} weeks' imprisonment (uplifted from {base} weeks)"
        elif outcome == "CONVICTED_AGGRAVATION_NOT_PROVED":
            sentence = f"Fine of £{_rint(r, 10, 40) * 10}; hostility not proved"
        first = {
            "id": self.uid(charged_on),
            "offence": offence_text,
            "statute_section": statute,
            "legal_route": route,
            "cda_underlying": offence[0] if cda else None,
            "hocr_code": hocr,
            "aggravated_form_available": cda,
            "aggravated_form_charged": cda,
            "offence_date": _ISO[incident],
            "charged_on": _ISO[charged_on],
            "outcome": outcome or "PENDING",
            "outcome_date": _ISO[outcome_day] if outcome and outcome_day else None,
            "sentence": sentence,
            # s.66(2): the court must say so in open court when it finds the aggravation.
            "uplift_stated_in_court": outcome == "CONVICTED" and (
                route == "SA2020_S66_UPLIFT" or r() < 0.8),
        }
        charges = [first]
        if offence[0] in ("POA_S4A", "POA_S4", "COMMON_ASSAULT") and r() < 0.15:
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
                statute2 = "Criminal Damage Act 1971 s.1(1)"
                if hostile:
                    statute2 += (f"; Sentencing Act 2020 s.66 "
                                 f"({', '.join(_S66_HOSTILITY[s] for s in hostile)})")
                second.update(offence="Criminal damage", statute_section=statute2,
                              hocr_code="58A")
            if outcome in ("CONVICTED", "CONVICTED_AGGRAVATION_NOT_PROVED"):
                second["sentence"] = "No separate penalty"
            charges.append(second)
        return charges

    def assessment(
        self,
        day: int,
        vlo: str,
        interpreter: bool,
        language: str | None,
        access: str | None,
        online: bool,
        harm: str,
        minor: bool,
        trigger: str | None = None,
    ) -> dict[str, Any]:
        r = self.r
        wanted = {"EMOTIONAL", "SAFETY_SECURITY", *_some(r, _EXTRA_NEEDS, _rint(r, 1, 3))}
        if interpreter or access:
            wanted.add("COMMUNICATION_ACCESS")
        if online:
            wanted.add("ONLINE_HARM")
        if harm in ("I", "A"):
            wanted.add("HEALTH")
        if harm == "D":
            wanted.add("FINANCIAL_COMPENSATION")
        if minor:
            wanted.add("FAMILY")
        areas: list[dict[str, str]] = []
        for area in _NEED_AREAS:
            if area not in wanted:
                continue
            if area in ("EMOTIONAL", "SAFETY_SECURITY", "COMMUNICATION_ACCESS"):
                level = _pick(r, ("LOW", "MEDIUM", "MEDIUM", "HIGH"))
            else:
                level = _pick(r, ("NONE", "LOW", "LOW", "MEDIUM", "HIGH"))
            if area == "COMMUNICATION_ACCESS" and (interpreter or access):
                note = f"Needs a {language} interpreter." if interpreter else f"{access}."
                areas.append({"area": area, "level": level, "notes": note})
            elif level == "NONE":
                areas.append({"area": area, "level": level})
            else:
                areas.append({"area": area, "level": level, "notes": _pick(r, _NEED_NOTES[area])})
        risk = _pick(r, ("LOW", "MEDIUM", "MEDIUM", "HIGH"))
        return {
            "id": self.uid(day),
            "assessed_on": _ISO[day],
            "assessor": vlo,
            "areas": areas,
            "repeat_risk": risk,
            "protection_needs": _pick(r, (
                "Suspect lives nearby; bail conditions and patrols requested.",
                "No ongoing contact with the suspect expected.",
                "Victim works alone at night; employer spoken to about safety.",
                "Online contact only; blocking and reporting advice given.",
                None,
            )),
            "special_measures_indicated": minor or risk == "HIGH" or r() < 0.15,
            "reassessment_trigger": trigger or _pick(r, (
                "Any further incident or contact from the suspect",
                "Change in the suspect's bail or charge status",
                "Court date set",
                None,
            )),
        }

    def plan(self, assessment: dict[str, Any], vlo: str, oic: str, town: _Town, court_name: str,
             court: _Court) -> dict[str, Any]:
        r = self.r
        today = self.today
        assessed = datetime.date.fromisoformat(assessment["assessed_on"]).toordinal()
        needs = [a["area"] for a in assessment["areas"] if a["level"] in ("MEDIUM", "HIGH")]
        needs = needs or [assessment["areas"][0]["area"]]
        closed = court.status == "CLOSED"
        fill = {"oic": oic, "vlo": vlo, "team": town.team, "council": town.council,
                "court": court_name}
        actions = []
        for k, area in enumerate(needs[: _rint(r, 1, 5)]):
            text, owner = _pick(r, _NEED_ACTIONS[area])
            due = assessed + _rint(r, 3, 60)
            if due < today:
                roll = r()
                status = "DONE" if roll < 0.6 else "OPEN" if roll < 0.88 else "DECLINED"
            else:
                status = "DONE" if r() < 0.2 else "OPEN"
            if closed and status == "OPEN":
                status = "DONE" if r() < 0.8 else "DECLINED"
            actions.append({
                "id": self.uid(assessed),
                "need_area": area,
                "action": _fill(text, fill),
                "owner": _fill(owner, fill),
                "due_date": _ISO[due],
                "status": status,
                "review_date": _ISO[due + 14] if status == "OPEN" and r() < 0.5 else None,
                "victim_agreed": r() < 0.85,
                "order_key": "dhmqu"[k],
            })
        return {
            "id": self.uid(assessed),
            "assessment_id": assessment["id"],
            "rationale": _pick(r, (
                f"Plan agreed with the victim on {_short(assessed)}; focuses on safety at home "
                "and keeping the victim informed.",
                "Victim-led plan: the victim chose the actions and how often to be contacted.",
                "Plan concentrates on emotional support and preparing for court.",
                "Plan agreed with the victim at a home visit; reviewed every four weeks.",
            )),
            "review_date": None if closed else _ISO[assessed + _pick(r, (28, 28, 42, 56))],
            "closure_reason": None if not closed else (
                _COURT_CLOSURE if court.outcome else _pick(r, _CLOSURE_REASONS)),
            "actions": actions,
        }

    def referral(self, day: int, agency: str, flav: _Flavour, enhanced: bool,
                 interpreter: bool) -> dict[str, Any]:
        r = self.r
        if self.today - day < 7:
            outcome = "PENDING"
        else:
            roll = r()
            outcome = "ACCEPTED" if roll < 0.7 else "DECLINED" if roll < 0.85 else "NO_CONTACT"
        consent = r() < 0.95
        return {
            "id": self.uid(day),
            "agency": agency,
            "agency_other": _pick(r, flav.others) if agency == "OTHER" else None,
            "referred_on": _ISO[day],
            "consent_obtained": consent,
            "consent_how": (_CONSENT_HOW[-1] if interpreter else _pick(r, _CONSENT_HOW[:-1]))
            if consent else None,
            "enhanced_rights": enhanced,
            "outcome": outcome,
            "contact_attempts": _rint(r, 3, 5) if outcome == "NO_CONTACT" else _rint(r, 0, 2),
            "notes": _pick(r, (
                None, "Victim asked for a female caseworker.", "Referral sent by secure email.",
                "Victim would prefer contact by text.", "Agency to call within 48 hours.")),
        }

    def vps(self, reported: int, charged: bool, outcome: str | None, end: int) -> dict[str, Any]:
        r = self.r
        if charged:
            status = _pick(r, ("MADE", "MADE", "UPDATED", "DECLINED") if outcome else
                           ("MADE", "MADE", "OFFERED", "DECLINED"))
        else:
            status = _pick(r, ("OFFERED", "OFFERED", "NOT_YET_OFFERED", "MADE"))
        made = status in ("MADE", "UPDATED")
        return {
            "id": self.uid(reported),
            "status": status,
            "taken_on": _ISO[min(reported + _rint(r, 1, 40), end - 1)] if made else None,
            "updated_before_sentence": status == "UPDATED",
            "read_preference": _pick(r, ("READ_BY_VICTIM", "READ_BY_PROSECUTOR",
                                         "NOT_READ_COURT_CONSIDERS_ONLY")) if made else None,
            "impacts": _some(r, _IMPACTS, _rint(r, 2, 4)) if made else [],
            "notes": _pick(r, (
                "VPS taken at home; the victim wants to read it aloud in court.",
                "VPS taken with an interpreter present.",
                "Victim wants the court to know how it has affected the family.",
                None,
            )) if made else ("Victim will decide after the first hearing."
                             if status == "OFFERED" else None),
        }

    def contacts(
        self,
        reported: int,
        end: int,
        closed_on: int | None,
        told: list[tuple[int, str, str | None]],
        vlo: str,
        oic: str,
        window: tuple[int, int],
        channels: list[str],
        no_voicemail: bool,
        spokesperson: str | None,
        interpreter: bool,
        language: str | None,
        suspect: str,
        after: tuple[int, int],
    ) -> list[dict[str, Any]]:
        r = self.r
        stop = min(end, (closed_on or end) + 14)
        first_channel = "IN_PERSON" if r() < 0.5 else "PHONE"
        items: list[tuple[int, str, str, str]] = [(
            reported, first_channel, "TO_VICTIM",
            "Initial contact. Explained the Victims' Code and gave written confirmation of the "
            "report (right 3).")]
        if interpreter and language:
            items.append((reported + _rint(r, 1, 5), "IN_PERSON", "TO_VICTIM",
                          f"Home visit with a {language} interpreter; needs assessment "
                          "completed."))
        seen: set[tuple[int, str]] = set()
        for day, kind, note in told:
            if (day, kind) in seen:
                continue
            seen.add((day, kind))
            if kind == "COURT_DATE_SET":
                text = f"Gave the victim the date: {note}." if note else "Gave the court date."
            elif kind == "SUSPECT_ARRESTED" and suspect and r() < 0.5:
                text = f"Told the victim that {suspect.split(' (')[0]} has been arrested."
            else:
                text = _TOLD_ABOUT.get(kind, "Gave the victim an update.")
            items.append((day, _pick(r, channels) if channels else "PHONE", "TO_VICTIM", text))
        for _ in range(max(0, min(_rint(r, 1, 5), 10 - len(items)))):
            if stop - reported <= 1:
                break
            day = reported + _rint(r, 1, stop - reported - 1)
            roll = r()
            if roll < 0.3:
                items.append((day, "PHONE", "ATTEMPTED",
                              "Attempted call, no answer. No voicemail left (contact plan)."
                              if no_voicemail else "Attempted call, no answer; voicemail left "
                              "asking the victim to call back."))
            elif roll < 0.55:
                items.append((day, "PHONE", "FROM_VICTIM", _pick(r, (
                    "Victim called to report more comments from the neighbour; advised to keep "
                    "a diary and to call 999 if in immediate danger.",
                    "Victim called asking for an update; none yet, explained the timescale.",
                    "Victim rang to say the extra patrols have helped and they feel safer.",
                    "Victim called to say the posts have reappeared under a new account."))))
            elif roll < 0.75:
                items.append((day, "TEXT_MESSAGE", "TO_VICTIM",
                              "Text sent confirming the next review date."))
            elif spokesperson and roll < 0.9:
                items.append((day, "PHONE", "TO_VICTIM",
                              "Update given to the nominated spokesperson."))
            else:
                items.append((day, _pick(r, channels) if channels else "PHONE", "TO_VICTIM",
                              "Routine welfare call; victim coping, no new concerns."))
        items = sorted((i for i in items if i[0] < end), key=itemgetter(0))
        while len(items) < 3:
            day = min(end - 1, items[-1][0] + _rint(r, 3, 14))
            items.append((day, "TEXT_MESSAGE", "TO_VICTIM",
                          "Text sent confirming the next review date."))
        items = items[:10]
        lo, hi = window
        stamps = _stamps(r, [(i[0], lo + int(r() * (hi - lo))) for i in items], after)
        out: list[dict[str, Any]] = []
        for (day, channel, direction, summary), stamp in zip(items, stamps, strict=True):
            if direction == "ATTEMPTED":
                with_whom = None
            elif "spokesperson" in summary and spokesperson:
                with_whom = spokesperson
            else:
                with_whom = "Victim"
            out.append({
                "id": self.uid(day), "supersedes_id": None, "occurred_at": stamp,
                "channel": channel, "direction": direction, "with_whom": with_whom,
                "summary": summary, "recorded_by": vlo if r() < 0.85 else oic,
            })
        return out

    def wishes(
        self,
        reported: int,
        end: int,
        closed_on: int | None,
        vlo: str,
        share_consent: str | None,
        town: _Town,
        window: tuple[int, int],
        channels: list[str],
        subs: dict[str, str],
        after: tuple[int, int],
        place_type: str,
    ) -> list[dict[str, Any]]:
        r = self.r
        stop = min(end, (closed_on or end) + 1)
        days = [min(reported + _rint(r, 0, 2), end - 1)]
        for _ in range(_pick(r, (0, 0, 1, 1, 1, 2, 3))):
            if stop - days[-1] <= 2:
                break
            days.append(days[-1] + _rint(r, 1, min(60, stop - days[-1] - 1)))
        channel = _pick(r, channels) if channels else None
        frequency = _pick(r, _FREQUENCIES)
        share = share_consent == "YES" or (share_consent is None and r() < 0.2)
        partners = [town.hipp] if share else []
        lo, hi = window
        stamps = _stamps(r, [(d, lo + int(r() * (hi - lo))) for d in days], after)
        out: list[dict[str, Any]] = []
        for k, (day, stamp) in enumerate(zip(days, stamps, strict=True)):
            words, wants, evidence, views, special = _pick(
                r, _wishes_at(_FIRST_WISHES if k == 0 else _LATER_WISHES, place_type))
            out.append({
                "id": self.uid(day),
                "supersedes_id": None,
                "recorded_at": stamp,
                "recorded_by": vlo,
                "victim_words": _fill(words, subs),
                "confirmed_with_victim": r() < 0.88,
                "wants_prosecution": wants,
                "out_of_court_views": views,
                "willing_to_give_evidence": evidence,
                "special_measures": special,
                "vps_read_preference": _pick(r, (None, "READ_BY_VICTIM", "READ_BY_PROSECUTOR",
                                                 "NOT_READ_COURT_CONSIDERS_ONLY")),
                "contact_frequency": frequency,
                "contact_channel": channel,
                "share_with_hip": share,
                "partner_consents": partners,
                "compensation_sought": r() < 0.25,
            })
        return out

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
        foreign: tuple[str, str, str, str, str, str] | None,
        online: bool,
        place_type: str,
        court: _Court,
    ) -> str:
        """A neutral police-style account in two to five sentences."""
        r = self.r
        if age < 18:
            person = {"Female": "girl", "Male": "boy"}.get(gender, "young person")
        else:
            person = {"Female": "woman", "Male": "man"}.get(gender, "person")
        hh, mm = (int(x) for x in incident_time.split(":"))
        clock = f"{hh % 12 or 12}.{mm:02d}{'am' if hh < 12 else 'pm'}"
        when = f"On {_long(incident)}" if online else f"At about {clock} on {_long(incident)}"
        article = "an" if age in (8, 11, 18) or 80 <= age <= 89 else "a"
        out = [f"{when} the victim, {article} {age}-year-old {person}, was {doing}."]
        sex = "female" if suspect_female else "male"
        actor = (f"A {sex} pupil" if place_type == "School" else
                 f"A {sex} known to the victim" if known and r() < 0.5 else
                 f"An unknown {sex}" if not known else f"A {sex}")
        if online:
            out.append(f"{actor} posted and sent messages including {_quoted(words)}")
            if harm == "H" and not flavour_act:
                out.append(f"The suspect {act}.")
        elif graffiti:
            out.append(f"{actor} {act}.")
        elif harm == "V":
            if flavour_act:
                out.append(f"{actor} {act}, saying {_quoted(words)}")
            else:
                verb = _pick(r, ("shouted at", "said to", "called out to"))
                out.append(f"{actor} {verb} the victim: {_quoted(words)}")
        else:
            out.append(f"{actor} said \"{words}\" and {act}.")
        if foreign:
            out.append(f"The words were {'written' if online else 'said'} in {foreign[3]}; the "
                       "translation is in the victim's statement.")
        if harm == "I":
            out.append("The victim was taken to hospital and discharged the same day.")
        elif online:
            out.append(_pick(r, ("The victim was very upset and has blocked the account.",
                                 "The victim has kept screenshots of the messages.")))
        elif harm in ("A", "V") and r() < 0.7:
            out.append(_pick(r, (
                "The victim was not injured but was left shaken and frightened.",
                "The victim was not physically hurt but is now afraid to go out alone.",
                "The victim was very upset and went home.")))
        elif harm == "D":
            out.append(f"The damage is estimated at £{_rint(r, 6, 90) * 10}.")
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
            verdict = {"CONVICTED": "convicted and sentenced",
                       "CONVICTED_AGGRAVATION_NOT_PROVED": "convicted, but the hostility was not "
                                                           "proved",
                       "ACQUITTED": "acquitted after trial",
                       "DISCONTINUED": "not proceeded against: the CPS discontinued the case"}
            out.append(f"On {_long(court.outcome_day or incident)} the defendant was "
                       f"{verdict[court.outcome]}.")
        return " ".join(out[:5])


# -- the API -------------------------------------------------------------------------------------


def iter_cases(
    n: int,
    *,
    seed: int = 1,
    today: datetime.date | None = None,
    start_index: int = 1,
) -> Iterator[dict[str, Any]]:
    """Yield ``n`` interchange case dicts, numbered from ``start_index`` (``L-DEMO-000001``...).

    Case ``k`` depends only on ``seed``, ``k`` and ``today``, so batches made with different
    ``start_index`` values never clash and can be made in any order.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    if start_index < 1:
        raise ValueError("start_index must be 1 or more")
    day = (today or datetime.date.today()).toordinal()
    _prepare(day)
    officers = _officers(seed)
    for index in range(start_index, start_index + n):
        yield _Case(seed, index, day, officers).build()


def generate(
    n: int,
    *,
    seed: int = 1,
    today: datetime.date | None = None,
    start_index: int = 1,
) -> dict[str, Any]:
    """A whole interchange document holding ``n`` demo cases (see :func:`iter_cases`).

    The cyclic garbage collector is paused while the list is built: the cases hold no reference
    cycles, and collecting a growing heap of small dicts would otherwise double the time.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        cases = list(iter_cases(n, seed=seed, today=today, start_index=start_index))
    finally:
        if paused:
            gc.enable()
    return {"format": FORMAT, "version": VERSION, "cases": cases}
