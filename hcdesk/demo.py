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
``generate(10)`` followed by ``generate(10, start_index=11)``. Ids are UUIDv7, with the
timestamp taken from the record's date and the random bits from that generator.

    >>> doc = generate(3, seed=7, today=datetime.date(2026, 3, 1))
    >>> len(doc["cases"])
    3
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
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
_ISO: dict[int, str] = {}
_BST: dict[int, int] = {}  # year -> (start ordinal << 20) | end ordinal
_DAY = datetime.date.fromordinal
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "", "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)


def _iso(day: int) -> str:
    s = _ISO.get(day)
    if s is None:
        s = _ISO[day] = _DAY(day).isoformat()
    return s


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


def _is_bst(day: int) -> bool:
    year = _DAY(day).year
    span = _BST.get(year)
    if span is None:
        span = _BST[year] = (_last_sunday(year, 3) << 20) | _last_sunday(year, 10)
    return (span >> 20) <= day < (span & 0xFFFFF)


def _stamp(r: Rand, day: int, minute: int) -> str:
    """A UTC timestamp for ``minute`` past local midnight (UK time) on ``day``."""
    if _is_bst(day):
        minute -= 60
    return (
        f"{_iso(day)}T{minute // 60:02d}:{minute % 60:02d}:{int(r() * 60):02d}."
        f"{int(r() * 1_000_000):06d}Z"
    )


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
_SUSPECT_POPULATION = _W([("white_british", 80), *((k, 1.0) for k in COMMUNITIES if k not in (
    "white_british", "russian"))])


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
           "Prospect Hill", "Other Road"),
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


def _address(r: Rand, town: _Town) -> tuple[str, str]:
    area = _pick(r, town.areas)
    if r() < 0.2:
        line = f"Flat {_rint(r, 1, 24)}, {_pick(r, _BLOCKS)}, {_pick(r, _RES_STREETS)}"
    else:
        line = f"{_rint(r, 1, 140)} {_pick(r, _RES_STREETS)}"
    postcode = (
        f"{_pick(r, town.districts)} {_rint(r, 1, 9)}{_pick(r, _INWARD)}{_pick(r, _INWARD)}"
    )
    return f"{line}, {area}, {town.name}", postcode


def _phone(r: Rand) -> str:
    return f"07700 900{_rint(r, 0, 999):03d}"


# -- scenarios ---------------------------------------------------------------------------------

# Harm kinds decide the offence: V words only (public order), A assault without injury,
# I assault with injury, D criminal damage, H harassment (a course of conduct).

_PLACE_TYPES = ("Bus", "Street", "Shop", "Home address", "Online", "School", "Workplace",
                "Takeaway", "Taxi", "Park", "Pub", "Train station", "Place of worship")


def _places(**weights: float) -> _W:
    base = {"Bus": 12.0, "Street": 25.0, "Shop": 10.0, "Home address": 15.0, "Online": 10.0,
            "School": 3.0, "Workplace": 6.0, "Takeaway": 4.0, "Taxi": 3.0, "Park": 4.0,
            "Pub": 4.0, "Train station": 3.0, "Place of worship": 0.0}
    for k, v in weights.items():
        base[k.replace("_", " ").capitalize() if k != "Home_address" else "Home address"] = v
    return _W(list(base.items()))


@dataclass(frozen=True)
class _Flavour:
    key: str
    strand: str | None
    local: str | None
    weight: float
    communities: _W
    words: tuple[str, ...]
    conduct: tuple[tuple[str, str], ...]  # (text, harm)
    group: str  # the people the hostility is aimed at, e.g. "Muslims"
    characteristic: str  # e.g. "religion"
    perception: str  # e.g. "motivated by hostility towards Muslims"
    agencies: tuple[str, ...]
    places: _W
    self_described: tuple[str, ...]
    genders: _W
    ages: tuple[int, int] = (18, 75)
    access: tuple[str, ...] = ()
    community_label: str | None = None  # for community impact statements
    others: tuple[str, ...] = ()  # agency_other names for OTHER referrals


_ADULT_GENDERS = _W([("Female", 48), ("Male", 50), ("Non-binary", 2)])


def _genders(f: float, m: float, nb: float = 0.0) -> _W:
    return _W([("Female", f), ("Male", m), ("Non-binary", nb)])


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
         "I'm not getting in a car with one of you lot",
         "People like you shouldn't be allowed to run a shop here",
         "Your kind shouldn't be allowed in this country"),
        (("threw a milkshake at the victim's shop window and shouted abuse about the victim's "
          "colour", "D"),
         ("repeatedly mimicked the victim's accent and refused to pay the fare", "V"),
         ("posted a photograph of the victim's shop on Facebook with the caption \"another one "
          "for the list\"", "H")),
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
        (("made monkey noises at the victim and laughed with his friends", "V"),
         ("wrote \"GO HOME\" on the victim's car in marker pen", "D"),
         ("left a note through the victim's door saying the street was \"not for you lot\"", "H")),
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
         ("coughed in the victim's face and said she had brought the virus here", "A")),
        "East Asian people", "ethnicity", "racially motivated",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "STOP_HATE_UK", "OTHER"),
        _places(Takeaway=16, School=6),
        ("Chinese", "Hong Konger", "British Chinese", "East Asian"),
        _ADULT_GENDERS, (12, 70),
        others=("Hong Kong community association", "Chinese Community Centre"),
    ),
    _Flavour(
        "race_eastern_european", "RACE", None, 12,
        _W([("polish", 40), ("romanian", 30), ("lithuanian", 15), ("ukrainian", 15)]),
        ("Go back to Poland", "Speak English, you're in England now",
         "You're only here for the benefits", "Bloody foreigners taking all the jobs",
         "We voted you lot out, so go home", "Go back to your own country",
         "Why don't you go back and fight instead of living off us"),
        (("tore down the Polish flag displayed in the victim's window and stamped on it", "D"),
         ("wrote \"FOREIGNERS OUT\" on the victim's garden wall", "D"),
         ("kept blocking the victim's car in and shouting at her about her accent", "H")),
        "Eastern Europeans", "nationality", "racially motivated (hostility to nationality)",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "STOP_HATE_UK", "OTHER"),
        _places(Workplace=14),
        ("Polish", "Romanian", "Lithuanian", "Ukrainian", "Eastern European"),
        _ADULT_GENDERS,
        others=("Polish Community Centre", "Citizens Advice"),
    ),
    _Flavour(
        "race_roma_traveller", "RACE", None, 5,
        _W([("roma", 45), ("traveller", 55)]),
        ("Your lot should be moved on", "Lock your cars up, the Travellers are here",
         "We don't serve your kind in here", "Go back to your caravan",
         "You're all thieves, every one of you"),
        (("set fire to a skip next to the entrance of the Traveller site and shouted abuse at the "
          "families", "D"),
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
        (("followed the victim from the bus stop shouting that migrants should be deported",
          "H"),
         ("threw an egg at the victim and told him to \"go back where he came from\"", "A")),
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
        ("Get out of our area, white boy", "This isn't your country any more",
         "Your lot aren't wanted round here"),
        (), "white British people", "ethnicity", "racially motivated",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED",),
        _places(), ("White British", "English"), _ADULT_GENDERS, (14, 70),
    ),
    _Flavour(
        "religion_muslim", "RELIGION", None, 9,
        _W([("pakistani", 35), ("bangladeshi", 20), ("somali", 15), ("syrian", 10),
            ("afghan", 10), ("kurdish", 5), ("white_british", 5)]),
        ("Take that thing off your head", "Go back to your mosque", "You people are all terrorists",
         "Muslims aren't welcome here", "No more mosques in this town"),
        (("pulled at the victim's hijab until it came loose", "A"),
         ("left raw bacon on the door handles of the mosque", "D"),
         ("smashed a window at the mosque with a brick", "D")),
        "Muslims", "religion", "motivated by hostility towards Muslims",
        ("TELL_MAMA", "VICTIM_SUPPORT_OR_PCC_COMMISSIONED"),
        _places(Place_of_worship=10),
        ("Muslim", "British Muslim", "Muslim woman who wears a hijab"),
        _genders(60, 40),
        community_label="Muslim community",
    ),
    _Flavour(
        "religion_jewish", "RELIGION", None, 3,
        _W([("jewish", 100)]),
        ("Jews aren't welcome round here", "Go back to Israel", "You lot run everything"),
        (("daubed a swastika on the front door of the victim's home", "D"),
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
        (("knocked the victim's turban from his head", "A"),
         ("pulled the victim's patka off in the school corridor", "A"),
         ("threw eggs at the doors of the gurdwara", "D")),
        "Sikhs", "religion", "motivated by hostility towards Sikhs",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "STOP_HATE_UK"),
        _places(Place_of_worship=8, School=6),
        ("Sikh", "British Sikh"), _genders(30, 70), (11, 80),
        community_label="Sikh community",
    ),
    _Flavour(
        "religion_other", "RELIGION", None, 1.5,
        _W([("gujarati", 35), ("nigerian", 20), ("ghanaian", 10), ("eritrean", 15),
            ("romanian", 10), ("polish", 10)]),
        ("Your gods aren't welcome here", "Your church isn't wanted on this street",
         "Take your religion back home"),
        (("threw stones at the church windows during a service", "D"),
         ("threw eggs at the temple doors", "D")),
        "people of the victim's faith", "religion", "motivated by religious hostility",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "STOP_HATE_UK"),
        _places(Place_of_worship=15),
        ("Hindu", "Christian", "Orthodox Christian", "Pentecostal Christian"), _ADULT_GENDERS,
        community_label="faith community",
    ),
    _Flavour(
        "disability_learning", "DISABILITY", None, 4,
        _POPULATION,
        ("You're not right in the head", "Look at the state of him",
         "You're too thick to even know what's going on"),
        (("took the victim's bank card and made him withdraw money, telling him they were his "
          "friends", "H"),
         ("filmed the victim and posted the video on Snapchat mocking the way he speaks", "H"),
         ("pushed the victim off the bench and copied the way he talks", "A")),
        "people with learning disabilities", "disability", "motivated by hostility to disability",
        ("STOP_LD_HATE_CRIME_LINE", "VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "OTHER"),
        _places(Home_address=25, Park=10),
        ("Has a learning disability", "Autistic", "Down's syndrome"), _genders(40, 60),
        (16, 70),
        ("Learning disability: Easy Read letters; support worker present at visits",
         "Autistic: send a clear written agenda before visits; no unannounced calls",
         "Learning disability: keep sentences short and check understanding"),
        others=("Mencap", "Local advocacy service"),
    ),
    _Flavour(
        "disability_physical", "DISABILITY", None, 5,
        _POPULATION,
        ("People like you shouldn't be allowed on this bus", "You're faking it for the benefits",
         "There's nothing wrong with you, get up", "You shouldn't be out on your own"),
        (("deliberately kicked the victim's walking stick away", "A"),
         ("let down the tyres of the victim's mobility scooter", "D"),
         ("imitated the victim's limp while laughing", "V"),
         ("grabbed the harness of the victim's guide dog", "A"),
         ("waved his hands in the victim's face mocking her signing", "V")),
        "disabled people", "disability", "motivated by hostility to disability",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "STOP_HATE_UK", "OTHER"),
        _places(Bus=22, Shop=14),
        ("Wheelchair user", "Partially sighted", "Deaf (BSL user)", "Has multiple sclerosis",
         "Disabled"),
        _ADULT_GENDERS, (18, 88),
        ("Wheelchair user: ground-floor meeting rooms only",
         "Profoundly deaf: BSL interpreter for all meetings; contact by text or email only",
         "Partially sighted: large-print (18pt) letters or phone calls",
         "Uses a mobility scooter; home visits preferred"),
        others=("Deaf Direct", "Guide Dogs", "Disability advice centre"),
    ),
    _Flavour(
        "disability_mental_health", "DISABILITY", None, 1.5,
        _POPULATION,
        ("You should be locked up in a hospital", "Everyone round here knows you're mental"),
        (("shouted through the victim's letterbox night after night about her mental health",
          "H"),),
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
        ("Stop flaunting it in public", "We don't want your sort in this pub",
         "It's disgusting, two men holding hands", "You're not natural",
         "Keep that away from children"),
        (("threw a bottle at the couple as they walked past holding hands", "A"),
         ("scratched a homophobic word into the paintwork of the victim's car", "D"),
         ("outed the victim to his family in messages on Instagram", "H"),
         ("punched the victim after seeing him kiss his boyfriend goodbye", "I")),
        "gay and bisexual people", "sexual orientation", "homophobic",
        ("GALOP", "VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "OTHER"),
        _places(Pub=14, Street=30, Online=12),
        ("Gay man", "Lesbian", "Bisexual", "Gay"), _genders(30, 65, 5), (15, 70),
        community_label="LGBT+ community",
        others=("Warwickshire Pride", "Local LGBT+ youth group"),
    ),
    _Flavour(
        "transgender", "TRANSGENDER", None, 6,
        _POPULATION,
        ("You'll always be a man", "Which toilet are you going to use, then?",
         "Nobody is going to believe you're a woman", "Take the wig off"),
        (("repeatedly deadnamed the victim in posts on X and shared her old photographs", "H"),
         ("followed the victim into the station toilets demanding to know \"what she really "
          "is\"", "V"),
         ("pulled the victim's wig off in the street", "A")),
        "trans people", "gender identity", "transphobic",
        ("GALOP", "VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "OTHER"),
        _places(Train_station=8, Online=16),
        ("Trans woman", "Trans man", "Non-binary", "Transgender"), _genders(60, 25, 15),
        (15, 65),
        community_label="trans community",
        others=("Warwickshire Pride", "Trans support group"),
    ),
    _Flavour(
        "local_subculture", None, "ALTERNATIVE_SUBCULTURE", 3,
        _POPULATION,
        ("Look at the state of that freak", "Go back to your graveyard",
         "People like you want sorting out"),
        (("pulled the victim's hair and mocked her black make-up and clothing", "A"),
         ("threw chips and drinks at the group because of how they were dressed", "A")),
        "goths and alternative people", "appearance (alternative subculture)",
        "motivated by hostility to the victim's alternative appearance",
        ("SOPHIE_LANCASTER_FOUNDATION", "VICTIM_SUPPORT_OR_PCC_COMMISSIONED"),
        _places(Park=14, Bus=14),
        ("Goth", "Emo", "Alternative", "Punk"), _genders(55, 40, 5), (14, 40),
    ),
    _Flavour(
        "local_sex_gender", None, "SEX_GENDER", 3,
        _POPULATION,
        ("Women shouldn't be driving taxis", "Get back in the kitchen where you belong",
         "Women like you need to be kept in your place"),
        (("repeatedly sent the victim messages saying women should be kept in their place",
          "H"),),
        "women", "sex", "motivated by hostility towards women",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED",),
        _places(Taxi=10, Online=16), ("Woman",), _genders(100, 0), (16, 70),
    ),
    _Flavour(
        "local_age", None, "AGE", 2,
        _POPULATION,
        ("Hurry up, old man, you shouldn't be out", "Your lot have had your time",
         "Nobody wants you old people clogging up the place"),
        (("targeted the victim, who lives alone, with repeated doorstep visits and mocked her for "
          "being confused", "H"),
         ("knocked the victim's walking frame over outside the shop", "A")),
        "older people", "age", "motivated by hostility towards older people",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "OTHER"),
        _places(Home_address=30, Shop=14), ("Older person",), _ADULT_GENDERS, (70, 92),
        others=("Age UK",),
    ),
    _Flavour(
        "local_other", None, "OTHER_PERSONAL_CHARACTERISTIC", 3,
        _POPULATION,
        ("Get off our street, nobody wants you here", "People like you make me sick",
         "Look at the size of her"),
        (("kicked the victim's sleeping bag and poured a drink over him while he slept in a shop "
          "doorway", "A"),
         ("took photographs of the victim's facial scarring and posted them in a group chat with "
          "mocking comments", "H"),
         ("mocked the victim's size and followed her off the bus", "V")),
        "people with the victim's characteristic", "personal characteristic",
        "motivated by hostility to a personal characteristic (homelessness or appearance)",
        ("VICTIM_SUPPORT_OR_PCC_COMMISSIONED", "OTHER"),
        _places(Street=40),
        ("Homeless", "Visible facial difference", "Plus-size woman"), _ADULT_GENDERS, (18, 65),
        others=("Homelessness outreach team", "Changing Faces"),
    ),
)
_FLAVOURS = _W([(f, f.weight) for f in FLAVOURS])
_BY_KEY = {f.key: f for f in FLAVOURS}

# Words in the speaker's own language, with an English translation. (victim community, speaker
# community, language, words, translation, strand)
_FOREIGN: dict[str, tuple[tuple[str, str, str, str, str], ...]] = {
    "pakistani": (
        ("pakistani", "Urdu", "تم لوگ کافر ہو، ہماری دکان سے دور رہو",
         "You people are non-believers, stay away from our shop", "RELIGION"),
    ),
    "ukrainian": (
        ("russian", "Russian", "Убирайся обратно в свою Украину",
         "Get out, back to your Ukraine", "RACE"),
    ),
    "syrian": (
        ("syrian", "Arabic", "أنت عار على عائلتك ولن نسمح لك بالعيش هنا",
         "You are a disgrace to your family and we will not let you live here",
         "SEXUAL_ORIENTATION"),
    ),
    "hongkong": (
        ("chinese", "Chinese (Mandarin)", "滚回香港去，这里不欢迎你",
         "Go back to Hong Kong, you are not welcome here", "RACE"),
    ),
    "roma": (
        ("polish", "Polish", "Wynoście się z naszej ulicy, nikt was tu nie chce",
         "Get off our street, nobody wants you here", "RACE"),
        ("romanian", "Romanian", "Plecați de aici, nu vă vrem pe strada noastră",
         "Get out of here, we don't want you on our street", "RACE"),
    ),
}

_GENERIC_HARM: dict[str, tuple[str, ...]] = {
    "A": ("pushed the victim in the chest", "spat at the victim, the spittle landing on her coat",
          "grabbed the victim by the arm and would not let go", "threw a drink over the victim"),
    "I": ("punched the victim once to the face, causing a cut lip and bruising",
          "pushed the victim to the ground, causing grazes to both hands and a sprained wrist",
          "head-butted the victim, causing a nosebleed and swelling"),
    "D": ("kicked the victim's front door, cracking the glass panel",
          "smashed the front window of the victim's shop with a brick",
          "scratched the paintwork along both sides of the victim's car"),
    "H": ("over about {weeks} weeks repeatedly shouted comments at the victim whenever she left the "
          "house",
          "sent the victim more than {count} messages over {weeks} weeks"),
    "V": ("shouted at the victim", "stood in front of the victim and shouted"),
}
_HARMS = _W([("V", 40), ("A", 18), ("I", 8), ("D", 14), ("H", 20)])

# (harm, cda underlying, CDA section text, offence wording, basic statute, aggravated HOCR,
# basic HOCR)
_OFFENCES: dict[str, tuple[tuple[str, str, str, str, str, str], ...]] = {
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

_UNKNOWN_SUSPECTS = (
    "Unknown male (white, 20s, grey hooded top)", "Unknown male (white, 40s, shaved head)",
    "Unknown female (white, 30s, blonde ponytail)", "Unknown male (teenager, school uniform)",
    "Unknown male (white, 50s, hi-vis jacket)", "Unknown online account",
    "Unknown male (slim build, dark tracksuit)", "Unknown group of three youths",
)
_PLATFORMS = ("Facebook", "Instagram", "X (Twitter)", "TikTok", "Snapchat", "WhatsApp",
              "Facebook Messenger", "a local Facebook community group")
_WORKPLACES = ("a warehouse", "a care home", "a distribution centre", "a car wash",
               "a food-processing factory", "a hotel", "a hospital ward", "a call centre")
_SCHOOLS = ("a secondary school", "a sixth-form college", "an academy")


# -- wishes, contacts, support -----------------------------------------------------------------

# (words, wants prosecution, willing to give evidence, out-of-court views, special measures)
_FIRST_WISHES = (
    ("I want him to know it's not OK.", "YES", "YES", None, None),
    ("I don't want to go to court but I want it on record.", "NO", "NO",
     "Would accept a community resolution if he apologises", None),
    ("I just want it to stop. I don't care about court as long as they leave us alone.",
     "UNSURE", "UNSURE", "Open to restorative justice if it stops it happening again", None),
    ("I want them charged. This has happened too many times.", "YES", "YES", None, None),
    ("I'm scared of giving evidence in case they find out where I live.", "UNSURE", "UNSURE",
     None, "Screens in court; would like to give evidence by live link"),
    ("I'd be willing to meet him if it means he understands what he did.", "UNSURE", "YES",
     "Would like restorative justice explained", None),
    ("I'll go to court if I can give evidence behind a screen.", "YES", "YES", None,
     "Screens"),
    ("I want the CCTV looked at and I want to know what happens.", "YES", "UNSURE", None, None),
    ("My son shouldn't have to hear that at school. I want the school involved.", "UNSURE",
     "UNSURE", "Prefers the school to deal with it alongside police", None),
    ("I'm happy for the council to know so they can do something about the estate.", "UNSURE",
     "NO", "Wants a warning for the neighbour rather than court", None),
)
_LATER_WISHES = (
    ("I've changed my mind, I do want to go to court now he's done it again.", "YES", "YES",
     None, None),
    ("I'm not sure any more. I'm worried about what his family will do.", "UNSURE", "UNSURE",
     None, "Separate waiting area at court"),
    ("I still want to go ahead, but I'd like a screen in court.", "YES", "YES", None,
     "Screens"),
    ("I want to read my statement to the court myself.", "YES", "YES", None, None),
    ("I don't want any more calls unless something actually happens.", "UNSURE", "UNSURE", None,
     None),
    ("I'd rather it was sorted without court now. I just want to move on.", "NO", "NO",
     "Would accept a caution or community resolution", None),
    ("Please keep me updated by text. I can't talk at work.", "YES", "YES", None, None),
)
_FREQUENCIES = ("Weekly", "Fortnightly", "Every 28 days", "Only when there is news",
                "After each key decision")
# (safe-times text, earliest minute, latest minute) of local time
_SAFE_TIMES = (
    ("Weekday evenings after 6pm", 18 * 60, 20 * 60 + 30),
    ("Weekdays 9am to 3pm (school hours)", 9 * 60, 15 * 60),
    ("Mornings before 11am only", 8 * 60 + 30, 11 * 60),
    ("Any time during the day", 9 * 60, 19 * 60),
    ("After 7pm when her partner is home", 19 * 60, 21 * 60),
    ("Lunchtimes, 12 to 2pm (works shifts)", 12 * 60, 14 * 60),
)
_CONTACT_NOTES = (
    "Do not leave voicemail: the phone is shared with family.",
    "Do not send letters to the home address; use email.",
    "Suspect lives nearby: do not visit in a marked car.",
    "Use the victim's first name only when calling.",
    "Victim's teenage children do not know about the incident; speak to the victim only.",
    "Withhold the number when calling; victim will not answer unknown numbers, so text first.",
)

_NEED_NOTES: dict[str, tuple[str, ...]] = {
    "HEALTH": ("Reports poor sleep since the incident; GP aware.",
               "Minor injury to the lip; no ongoing treatment.",
               "Headaches since the assault; has seen the GP."),
    "EMOTIONAL": ("Anxious about leaving the house alone.",
                  "Feels low; open to emotional support sessions.",
                  "Tearful at the visit; says she keeps replaying it."),
    "SAFETY_SECURITY": ("Suspect lives three doors away; target hardening requested.",
                        "Wants a doorbell camera and a letterbox guard.",
                        "Changed route to work to avoid the area."),
    "HOUSING": ("Council tenant; considering a management transfer.",
                "Housing association informed with the victim's consent.",
                "Private rented; landlord unhelpful about repairs."),
    "FINANCIAL_COMPENSATION": ("Lost two shifts' pay; wants compensation considered (MG19).",
                               "Window repair quote of £240.",
                               "Phone screen broken in the incident; £180 to replace."),
    "WORK_STUDY": ("Signed off work for a week.", "Student; tutor aware; missed an exam.",
                   "Worried about going back to the same shift pattern."),
    "FAMILY": ("Children witnessed the abuse; school informed with consent.",
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
                            "Stopped attending place of worship for a few weeks."),
}
_NEED_AREAS = tuple(_NEED_NOTES)
# (action, owner) per need area; "{oic}", "{vlo}", "{team}", "{council}", "{court}" filled in.
_NEED_ACTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "HEALTH": (("Signpost to GP and NHS Talking Therapies", "{vlo}"),),
    "EMOTIONAL": (("Referral for emotional support sessions", "Victim Support"),
                  ("Fortnightly welfare call", "{vlo}")),
    "SAFETY_SECURITY": (("Fit letterbox guard and door chain (target hardening)", "Victim Support"),
                        ("Flag the address so calls are prioritised", "{oic}"),
                        ("Extra patrols past the address for four weeks", "{team}")),
    "HOUSING": (("Share incident log with the housing provider (consent obtained)",
                 "Housing officer, {council}"),),
    "FINANCIAL_COMPENSATION": (("Complete MG19 compensation form", "{oic}"),
                               ("Information about the Criminal Injuries Compensation Scheme",
                                "{vlo}")),
    "WORK_STUDY": (("Letter for employer confirming the incident and court dates", "{vlo}"),),
    "FAMILY": (("Contact the school safeguarding lead with the parent's consent", "{vlo}"),),
    "COMMUNICATION_ACCESS": (("Book an interpreter for the next home visit", "{vlo}"),
                             ("Send all letters in the victim's preferred format", "{vlo}")),
    "CJ_PROCESS_COURT": (("Arrange Witness Service pre-trial visit to {court}", "Witness Service"),
                         ("Apply for special measures (screens)", "{oic} / CPS")),
    "ONLINE_HARM": (("Report the posts to the platform and request preservation of the data",
                     "{oic}"),),
    "COMMUNITY_ISOLATION": (("Introduce the victim to a local community group", "EQuIP"),
                            ("Invite to the next community drop-in", "{team}")),
}
_CLOSURE_REASONS = (
    "Victim satisfied; no further support needed.",
    "Case concluded at court; victim referred on to Victim Support for ongoing help.",
    "Victim moved out of the area; details passed to the receiving force with consent.",
    "Victim declined further contact.",
)
_CONSENT_HOW = ("Verbal consent by phone, noted in pocket notebook",
                "Written consent on the referral form", "Consent given at home visit",
                "Consent by email", "Consent given through an interpreter at the home visit")
_IMPACTS = ("PHYSICAL", "FINANCIAL", "EMOTIONAL_PSYCHOLOGICAL", "VULNERABLE_OR_INTIMIDATED",
            "NO_LONGER_SAFE", "FAMILY", "QUALITY_OF_LIFE", "SUPPORT_NEEDED")
_LAWFUL_BASES = (
    "Crime and Disorder Act 1998 s.115; DPA 2018 s.35 (law enforcement purposes)",
    "UK GDPR Art 6(1)(e) and DPA 2018 Sch 1 para 10 (preventing or detecting unlawful acts)",
    "Victim's consent; Crime and Disorder Act 1998 s.115",
)


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
    r = random.Random(f"hcdesk-demo-officers:{seed}").random
    pools: dict[str, dict[str, list[str]]] = {"oic": {}, "vlo": {}, "sup": {}, "insp": {}}
    for force in ("WARWICKSHIRE", "WEST_MERCIA"):
        used: set[int] = set()

        def name(rank: str) -> str:
            com = COMMUNITIES[_POPULATION.pick(r)]  # noqa: B023 - r is fixed per call
            number = _rint(r, 1000, 9999)  # noqa: B023
            while number in used:  # noqa: B023
                number = _rint(r, 1000, 9999)  # noqa: B023
            used.add(number)  # noqa: B023
            return f"{rank} {number} {_person_name(r, com, r() < 0.45)}"  # noqa: B023

        pools["oic"][force] = [name(_pick(r, ("PC", "PC", "DC"))) for _ in range(40)]
        pools["vlo"][force] = [name(_pick(r, ("PC", "PCSO", "DC"))) for _ in range(16)]
        pools["sup"][force] = [name(_pick(r, ("PS", "DS"))) for _ in range(10)]
        pools["insp"][force] = [name("Insp") for _ in range(4)]
    result = _Officers(pools["oic"], pools["vlo"], pools["sup"], pools["insp"])
    _OFFICER_CACHE[seed] = result
    return result


def _initials(officer: str) -> str:
    parts = officer.split(" ")[2:]
    return (parts[0][0] + parts[-1][0]).upper() if len(parts) >= 2 else "XX"


# -- ids and references --------------------------------------------------------------------------


def _scramble(n: int, modulus: int, mult: int, offset: int) -> int:
    """A bijection on [0, modulus) (``mult`` is coprime with ``modulus``)."""
    return (n * mult + offset) % modulus


def _crime_reference(index: int, force: str, year: int) -> str:
    n = index - 1
    number = _scramble(n % 100_000, 100_000, 48_271, 13_579) + (n // 100_000) * 100_000
    return f"{_FORCE_CODE[force]}/{number:05d}/{year % 100:02d}"


def _urn(index: int, force: str, station: str, year: int) -> str:
    # Unique for indexes up to 100,000 (the number is a bijection of the index).
    number = _scramble((index - 1) % 100_000, 100_000, 69_621, 24_680)
    return f"{_FORCE_CODE[force]}{station}{number:05d}{year % 100:02d}"


# -- the case builder ----------------------------------------------------------------------------


class _Case:
    """Builds one case. All randomness comes from ``self.r`` / ``self.bits``."""

    def __init__(self, seed: int, index: int, today: int, officers: _Officers) -> None:
        rng = random.Random(f"hcdesk-demo:{seed}:{index}")
        self.r = rng.random
        self.bits = rng.getrandbits
        self.index = index
        self.today = today
        self.officers = officers

    # ids: UUIDv7 whose timestamp is a moment on ``day``
    def uid(self, day: int) -> str:
        ms = (day - _EPOCH) * 86_400_000 + int(self.r() * 86_400_000)
        rnd = self.bits(74)
        v = (
            (ms << 80)
            | (0x7 << 76)
            | ((rnd >> 62) << 64)
            | (0b10 << 62)
            | (rnd & 0x3FFFFFFFFFFFFFFF)
        )
        h = f"{v:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def build(self) -> dict[str, Any]:  # noqa: C901 - one narrative, told in order
        r = self.r
        today = self.today
        flav: _Flavour = _FLAVOURS.pick(r)
        town: _Town = _TOWNS.pick(r)
        force = town.force
        officers = self.officers
        oic = _pick(r, officers.oic[force])
        vlo = _pick(r, officers.vlo[force])
        supervisor = _pick(r, officers.supervisors[force])

        # Record type and timeline.
        roll = r()
        record_type = (
            "HATE_CRIME" if roll < 0.76 else
            "NON_CRIME_HATE_INCIDENT" if roll < 0.91 else "HATE_INCIDENT_UNCLASSIFIED"
        )
        crime = record_type == "HATE_CRIME"
        if record_type == "HATE_INCIDENT_UNCLASSIFIED":
            age = _rint(r, 2, 40)
        else:
            age = 2 + int(r() * 545)
        incident = today - age
        roll = r()
        delay = (
            0 if roll < 0.55 else _rint(r, 1, 3) if roll < 0.85 else
            _rint(r, 4, 30) if roll < 0.97 else _rint(r, 31, 90)
        )
        reported = min(incident + delay, today - 1)
        minute = _rint(r, 7 * 60, 23 * 60 + 30)
        incident_time = f"{minute // 60:02d}:{_pick(r, (0, 5, 10, 15, 20, 30, 40, 45, 50)):02d}"

        # Strands.
        strands: list[str] = []
        local: list[str] = []
        if flav.strand:
            strands.append(flav.strand)
        if flav.local:
            local.append(flav.local)

        # Victim.
        com = COMMUNITIES[flav.communities.pick(r)]
        gender = flav.genders.pick(r)
        female = gender == "Female" or (gender == "Non-binary" and r() < 0.5)
        victim_age = _rint(r, *flav.ages)
        if flav.places.items and r() < 0.06 and flav.ages[0] < 18:
            victim_age = _rint(r, max(11, flav.ages[0]), 17)
        place_type = flav.places.pick(r)
        if place_type == "School":
            victim_age = _rint(r, 11, 17)
        elif place_type in ("Taxi", "Workplace", "Pub", "Takeaway") and victim_age < 18:
            victim_age = _rint(r, 19, 60)
        minor = victim_age < 18
        seconds: list[tuple[_Flavour, str]] = []  # (flavour, strand or local) added
        if flav.strand == "RACE" and com.muslim and r() < 0.3:
            seconds.append((_BY_KEY["religion_muslim"], "RELIGION"))
        elif flav.strand == "RACE" and com.key == "sikh" and r() < 0.2:
            seconds.append((_BY_KEY["religion_sikh"], "RELIGION"))
        elif flav.strand == "RELIGION" and com.key != "white_british" and r() < 0.4:
            seconds.append((_BY_KEY["race_south_asian"], "RACE"))
        elif flav.strand == "TRANSGENDER" and r() < 0.35:
            seconds.append((_BY_KEY["sexual_orientation"], "SEXUAL_ORIENTATION"))
        elif flav.strand == "SEXUAL_ORIENTATION" and r() < 0.06:
            seconds.append((_BY_KEY["disability_physical"], "DISABILITY"))
        elif flav.strand == "DISABILITY" and r() < 0.08:
            seconds.append((_BY_KEY["sexual_orientation"], "SEXUAL_ORIENTATION"))
        elif flav.key == "local_subculture" and r() < 0.1:
            seconds.append((_BY_KEY["sexual_orientation"], "SEXUAL_ORIENTATION"))
        if female and not flav.local and r() < 0.05:
            seconds.append((_BY_KEY["local_sex_gender"], "SEX_GENDER"))
        if victim_age >= 70 and flav.local != "AGE" and r() < 0.3:
            seconds.append((_BY_KEY["local_age"], "AGE"))
        for _f, s in seconds:
            if s in ("SEX_GENDER", "AGE"):
                if s not in local:
                    local.append(s)
            elif s not in strands:
                strands.append(s)

        victim_town = town
        if r() < 0.25:
            victim_town = COVENTRY if force == "WARWICKSHIRE" and r() < 0.4 else _pick(
                r, _FORCE_TOWNS[force])
        native_chance = 0.25
        vname = _person_name(r, com, female, native_chance)
        address, postcode = _address(r, victim_town)

        # The place.
        street = _pick(r, town.streets)
        area = _pick(r, town.areas)
        platform = _pick(r, _PLATFORMS)
        route = _rint(r, 1, 99)
        if place_type == "Bus":
            place = f"Number {route} bus, {street}, {town.name}"
            doing = f"travelling on the number {route} bus along {street}, {town.name}"
        elif place_type == "Shop":
            place = f"Convenience store, {street}, {town.name}"
            doing = (f"working in a convenience store on {street}, {town.name}"
                     if r() < 0.5 else f"shopping on {street}, {town.name}")
        elif place_type == "Home address":
            place = f"Victim's home address, {victim_town.name if victim_town is town else area}"
            if victim_town is not town:
                place = f"Outside the victim's workplace, {area}, {town.name}"
                place_type = "Workplace"
            doing = "at home" if place_type == "Home address" else f"at work in {area}"
        elif place_type == "Online":
            place = f"{platform} (online)"
            doing = f"using {platform}"
        elif place_type == "School":
            place = f"{_pick(r, _SCHOOLS).capitalize()[0:1]}{_pick(r, _SCHOOLS)[1:]}, {area}, " \
                    f"{town.name}"
            doing = f"at school in {area}, {town.name}"
        elif place_type == "Workplace":
            wp = _pick(r, _WORKPLACES)
            place = f"{wp[0].upper()}{wp[1:]}, {area}, {town.name}"
            doing = f"at work at {wp} in {area}, {town.name}"
        elif place_type == "Takeaway":
            place = f"Takeaway, {street}, {town.name}"
            doing = f"working at a takeaway on {street}, {town.name}"
        elif place_type == "Taxi":
            place = f"Private hire vehicle, {street}, {town.name}"
            doing = (f"working as a private hire driver and had picked up a fare on {street}, "
                     f"{town.name}")
        elif place_type == "Park":
            park = f"{area} park"
            place = f"Park, {area}, {town.name}"
            doing = f"walking through the {park}, {town.name}"
        elif place_type == "Pub":
            place = f"Public house, {street}, {town.name}"
            doing = f"in a pub on {street}, {town.name}"
        elif place_type == "Train station":
            place = f"{town.name} railway station"
            doing = f"waiting at {town.name} railway station"
        elif place_type == "Place of worship":
            what = {"religion_muslim": "mosque", "religion_jewish": "synagogue",
                    "religion_sikh": "gurdwara"}.get(flav.key, "church")
            place = f"{what.capitalize()}, {area}, {town.name}"
            doing = f"outside the {what} in {area}, {town.name}"
        else:
            place = f"{street}, {town.name}"
            doing = f"walking along {street}, {town.name}"
        community_target = place_type == "Place of worship" or (
            flav.key == "race_roma_traveller" and r() < 0.3)

        # What happened.
        online = place_type == "Online"
        if crime:
            harm = "H" if online else _HARMS.pick(r)
        else:
            harm = "V"
        if place_type == "Place of worship" and crime and harm not in ("D", "H"):
            harm = "D"
        words = _pick(r, flav.words)
        conduct = [c for c in flav.conduct if c[1] == harm]
        act = _pick(r, conduct)[0] if conduct and r() < 0.5 else _pick(r, _GENERIC_HARM[harm])
        weeks = _rint(r, 2, 10)
        act = act.replace("{weeks}", str(weeks)).replace("{count}", str(_rint(r, 8, 60)))
        graffiti = harm == "D" and r() < 0.35
        if graffiti:
            act = f'painted the words "{words.upper()}" on the {_pick(r, ("wall", "door", "fence"))}'
            if place_type not in ("Place of worship",):
                act += " of the victim's home"

        # Suspects.
        suspects: list[dict[str, Any]] = []
        subject_recorded = crime or r() < 0.6
        known = subject_recorded and r() < (0.68 if crime else 0.55)
        n_suspects = 0
        if subject_recorded:
            roll = r()
            n_suspects = 1 if roll < 0.75 else 2 if roll < 0.92 else 3
        foreign = None
        if com.key in _FOREIGN and r() < 0.45:
            foreign = _pick(r, _FOREIGN[com.key])
            if foreign[4] not in strands:
                strands.append(foreign[4])
            n_suspects = max(n_suspects, 1)
            known = True
        suspect_female = r() < 0.2
        sdesc = ("a female" if suspect_female else "a male") + (
            " pupil" if place_type == "School" else "")
        first_suspect_name = ""
        for k in range(n_suspects):
            sfemale = suspect_female if k == 0 else r() < 0.2
            scom = COMMUNITIES[
                foreign[0] if foreign and k == 0 else _SUSPECT_POPULATION.pick(r)]
            if known:
                sage = _rint(r, 12, 17) if place_type == "School" else _rint(r, 15, 68)
                sname = _person_name(r, scom, sfemale)
                saddr, spc = _address(r, town) if r() < 0.92 else ("No fixed abode", None)
                dob = incident - sage * 365 - _rint(r, 0, 364)
                prev = None
                if r() < 0.3:
                    prev = (f"{_rint(r, 1, 4)} previous incident(s) involving the victim "
                            f"since {_short(incident - _rint(r, 40, 400))}")
                orders = None
                if r() < 0.12:
                    orders = _pick(r, (
                        "Community Protection Notice issued; breached by this incident",
                        f"Criminal Behaviour Order prohibiting entry to {street}",
                        "Bail conditions: not to contact the victim or go to the victim's street",
                        "Restraining order (PHA s.5) protecting a previous victim",
                    ))
                group = None
                if r() < 0.05:
                    group = ("Intelligence links to a local far-right Telegram channel; tattoos "
                             "photographed in custody")
                suspects.append(self.person(
                    incident, sname, dob, "Female" if sfemale else "Male", saddr, spc,
                    _phone(r) if r() < 0.5 else None, previous=prev, orders=orders,
                    group=group))
                if k == 0:
                    first_suspect_name = sname
            else:
                suspects.append(self.person(
                    incident, _pick(r, _UNKNOWN_SUSPECTS) if not online else
                    f"Unknown {platform} account", None,
                    "Female" if sfemale else "Male", None, None, None))

        # Witnesses.
        witnesses: list[dict[str, Any]] = []
        n_wit = 0 if online else _pick(r, (0, 1, 1, 1, 2, 2, 3))
        for k in range(n_wit):
            wcom = COMMUNITIES[_POPULATION.pick(r)]
            wfemale = r() < 0.5
            wtown = victim_town if r() < 0.3 else town
            waddr, wpc = _address(r, wtown)
            role = ""
            if place_type == "Bus" and k == 0:
                role = " (bus driver)"
            elif place_type in ("Shop", "Takeaway") and k == 0:
                role = " (shop assistant)" if place_type == "Shop" else " (co-worker)"
            elif place_type == "School" and k == 0:
                role = " (teacher)"
            w = self.person(
                incident, _person_name(r, wcom, wfemale) + role,
                incident - _rint(r, 17, 75) * 365 - _rint(r, 0, 364),
                "Female" if wfemale else "Male", waddr, wpc, _phone(r))
            w["statement_ref"] = f"MG11-W{k + 1}"
            witnesses.append(w)

        # Hostility evidence.
        oic_initials = _initials(oic)
        exhibits = 0
        evidence: list[dict[str, Any]] = []

        def exhibit() -> str:
            nonlocal exhibits
            exhibits += 1
            return f"{oic_initials}/{exhibits}"

        def source_for() -> tuple[str, str | None, str | None, str]:
            """(source, exhibit, witness ref, perceived by)"""
            if graffiti:
                return "GRAFFITI_DAMAGE", exhibit(), None, "POLICE_OFFICER_STAFF"
            if online:
                return "SOCIAL_MEDIA", exhibit(), None, "VICTIM"
            roll = r()
            if witnesses and roll < 0.35:
                w = _pick(r, witnesses)
                return "WITNESS_STATEMENT_MG11", None, w["statement_ref"], "WITNESS"
            if place_type in ("Bus", "Shop", "Takeaway", "Taxi", "Train station") and roll < 0.7:
                return "CCTV", exhibit(), None, "VICTIM"
            if roll < 0.8:
                return "BWV", exhibit(), None, "POLICE_OFFICER_STAFF"
            return "WITNESS_STATEMENT_MG11", None, "MG11-V1", "VICTIM"

        primary_strand = flav.strand
        primary_local = flav.local
        if foreign:
            evidence.append(self.evidence(
                reported, foreign[4], None, "DEMONSTRATED", "DURING", foreign[2], foreign[1],
                foreign[3], "WITNESS_STATEMENT_MG11", None, "MG11-V1", "VICTIM", []))
        src, ex, wref, by = source_for()
        factors = []
        if r() < 0.35:
            factors.append("DISTRESS_BEYOND_OFFENCE")
        if community_target:
            factors.append("COMMUNITY_FEAR")
        evidence.append(self.evidence(
            reported, primary_strand, primary_local, "DEMONSTRATED",
            _pick(r, ("DURING", "DURING", "DURING", "IMMEDIATELY_BEFORE", "IMMEDIATELY_AFTER")),
            f'"{words}"' if not graffiti else f'Graffiti reading "{words.upper()}"',
            None, None, src, ex, wref, by, factors))
        if harm != "V" and not graffiti and r() < 0.6:
            src, ex, wref, by = source_for()
            evidence.append(self.evidence(
                reported, primary_strand, primary_local, "DEMONSTRATED", "DURING",
                f"The suspect {act}.", None, None, src, ex, wref, by, []))
        for sflav, s in seconds:
            src, ex, wref, by = source_for()
            is_local = s in ("SEX_GENDER", "AGE")
            evidence.append(self.evidence(
                reported, None if is_local else s, s if is_local else None, "DEMONSTRATED",
                "DURING", f'"{_pick(r, sflav.words)}"', None, None, src, ex, wref, by, []))
        pattern = r() < 0.2
        if known and (r() < 0.3 or pattern):
            roll = r()
            if roll < 0.35:
                text = (f"Previous incidents logged against the suspect involving comments about "
                        f"the victim's {flav.characteristic}.")
                src2, f2, disc = "PREVIOUS_INCIDENT", ["PATTERN"], "DISCLOSABLE"
            elif roll < 0.65:
                text = (f"Suspect's {_pick(r, _PLATFORMS[:5])} account shows repeated posts "
                        f"hostile to {flav.group} in the weeks before the offence "
                        "(screenshots exhibited).")
                src2, f2, disc = "SOCIAL_MEDIA", ["PREDOMINANT_MOTIVATION"], "DISCLOSABLE"
            elif roll < 0.85:
                text = ("In interview the suspect said he picked on the victim \"because of what "
                        f"they are\", referring to the victim's {flav.characteristic}.")
                src2, f2, disc = "INTERVIEW_ADMISSION_MG15", ["PREDOMINANT_MOTIVATION"], \
                    "DISCLOSABLE"
            else:
                text = (f"Phone download shows the suspect is a member of an online group that "
                        f"shares material hostile to {flav.group}.")
                src2, f2, disc = "GROUP_ASSOCIATION", ["GROUP_MEMBERSHIP", "PLANNED"], \
                    "POLICE_CPS_ONLY"
            evidence.append(self.evidence(
                reported + _rint(r, 1, 30), primary_strand, primary_local, "MOTIVATED",
                "BACKGROUND_EARLIER" if src2 != "INTERVIEW_ADMISSION_MG15" else "DURING",
                text, None, None, src2, exhibit() if src2 != "INTERVIEW_ADMISSION_MG15" else
                None, None, "POLICE_OFFICER_STAFF", f2, disc))

        # Victim record.
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
            if r() < chance * (0.5 if minor else 1.0):
                language, interpreter = lang, True
            elif r() < 0.3:
                language = lang  # speaks it at home, no interpreter needed
        access = _pick(r, flav.access) if flav.access and r() < 0.8 else None
        safe = _pick(r, _SAFE_TIMES) if r() < 0.85 else None
        if minor:
            safe = _SAFE_TIMES[0]
        channels = _some(r, ("PHONE", "TEXT_MESSAGE", "EMAIL", "LETTER", "IN_PERSON",
                             "VIDEO_CALL"), _rint(r, 1, 3))
        if access and "BSL" in access:
            channels = ["TEXT_MESSAGE", "EMAIL", "VIDEO_CALL"]
        elif access and "Easy Read" in access:
            channels = ["LETTER", "IN_PERSON", "VIA_THIRD_PARTY"]
        no_voicemail = r() < 0.22
        notes = _CONTACT_NOTES[0] if no_voicemail else (
            _pick(r, _CONTACT_NOTES[1:]) if r() < 0.25 else None)
        spokesperson = None
        if minor:
            parent = _person_name(r, com, True)
            spokesperson = f"{parent} (mother)" if r() < 0.7 else \
                f"{_person_name(r, com, False)} (father)"
        elif access and "support worker" in access:
            spokesperson = f"{_person_name(r, COMMUNITIES['white_british'], True)} (support worker)"
        self_described = None
        if r() < 0.45:
            self_described = _pick(r, flav.self_described)
            if gender == "Non-binary" and "Non-binary" not in self_described:
                self_described += "; non-binary"
        email = None
        if r() < 0.55 and not minor:
            latin = vname.split(" (")[0].split(" ")
            email = (f"{_ascii(latin[0])}.{_ascii(latin[-1])}{_rint(r, 1, 99)}@example.org")
        victim_dob = incident - victim_age * 365 - _rint(r, 0, 364)
        victim = self.person(
            reported, vname, victim_dob, gender, address, postcode, _phone(r),
            email=email, safe_times=safe[0] if safe else None, channels=channels,
            no_voicemail=no_voicemail, notes=notes, interpreter=interpreter, language=language,
            access=access, spokesperson=spokesperson, self_described=self_described,
            statuses=statuses)
        if crime:
            victim["statement_ref"] = "MG11-V1"
        window = (safe[1], safe[2]) if safe else (9 * 60, 19 * 60)

        # -- the investigation timeline --------------------------------------------------------
        events: list[tuple[int, int, str, str | None, bool]] = []  # (day, right, kind, note, key)
        status = "OPEN"
        file_stage = None
        plea = None
        urn = None
        charges: list[dict[str, Any]] = []
        decision_text = None
        outcome_day = None
        court_outcome = None
        court = town.courts[0]
        offence = _pick(r, _OFFENCES[harm])
        race_religion = any(s in ("RACE", "RELIGION") for s in strands)
        cda = crime and race_religion
        hostile = [s for s in strands if s in _S66_HOSTILITY]
        aggravated_word = (
            "Racially or religiously" if "RACE" in strands and "RELIGION" in strands else
            "Racially" if "RACE" in strands else "Religiously")
        if cda:
            route = _CDA_ROUTE[offence[1][:4]]
            offence_text = f"{aggravated_word} aggravated {offence[2]}"
            statute = f"Crime and Disorder Act 1998 {offence[1]}; {offence[3]}"
            hocr = offence[4]
        else:
            route = "SA2020_S66_UPLIFT"
            offence_text = offence[2][0].upper() + offence[2][1:]
            hostility = ", ".join(_S66_HOSTILITY[s] for s in hostile) or "none (local strand)"
            statute = f"{offence[3]}; Sentencing Act 2020 s.66 (hostility: {hostility})"
            hocr = offence[5]
        end = today  # events after this have not happened yet
        closed_on = None
        if crime and known:
            voluntary = r() < 0.3
            arrest = reported + _rint(r, 0, 21)
            if arrest < end:
                if not voluntary:
                    events.append((arrest, 6, "SUSPECT_ARRESTED", None, True))
                events.append((arrest, 6, "SUSPECT_INTERVIEWED",
                               "Voluntary interview under caution" if voluntary else None, True))
                if not voluntary:
                    roll = r()
                    kind = "SUSPECT_BAILED" if roll < 0.5 else \
                        "SUSPECT_RELEASED_UNDER_INVESTIGATION"
                    events.append((arrest, 6, kind,
                                   "Bail conditions: not to contact the victim" if
                                   kind == "SUSPECT_BAILED" else None, True))
                to_cps = arrest + _rint(r, 7, 60)
                if to_cps < end:
                    status, file_stage = "AWAITING_CPS", "PRE_CHARGE_MG3"
                    urn = _urn(self.index, force, town.station, _DAY(to_cps).year)
                    decision = to_cps + _rint(r, 5, 45)
                    if decision < end:
                        if r() < 0.75:
                            events.append((decision, 6, "SUSPECT_CHARGED",
                                           f"Charged: {offence_text}", True))
                            decision_text = (
                                f"Charge {offence_text} ({statute}). Full Code Test met. "
                                "Hostility evidence supports the "
                                f"{'/'.join(s.lower().replace('_', ' ') for s in strands) or 'local'}"
                                " flag; CMS hate-crime monitoring code applied.")
                            first = decision + _rint(r, 14, 42)
                            plea = "GUILTY" if r() < 0.6 else "NOT_GUILTY"
                            events.append((decision, 8, "COURT_DATE_SET",
                                           f"First hearing at {court} on {_short(first)}", True))
                            status = "AT_COURT"
                            file_stage = "FIRST_HEARING_GAP" if plea == "GUILTY" else \
                                "FIRST_HEARING_NGAP"
                            charged_on = decision
                            if plea == "GUILTY":
                                outcome_day = first + _pick(r, (0, 0, 21, 28, 35))
                                court_outcome = "CONVICTED" if r() < 0.93 else \
                                    "CONVICTED_AGGRAVATION_NOT_PROVED"
                                if first < end and outcome_day > first:
                                    file_stage = "SENTENCE"
                            else:
                                trial = first + _rint(r, 56, 180)
                                if first < end:
                                    file_stage = "UPGRADE_TRIAL"
                                    events.append((first, 8, "COURT_DATE_SET",
                                                   f"Trial listed at {court} on {_short(trial)}",
                                                   True))
                                roll = r()
                                court_outcome = (
                                    "CONVICTED" if roll < 0.5 else
                                    "CONVICTED_AGGRAVATION_NOT_PROVED" if roll < 0.6 else
                                    "ACQUITTED" if roll < 0.85 else "DISCONTINUED")
                                outcome_day = trial if court_outcome != "DISCONTINUED" else \
                                    first + _rint(r, 14, 50)
                            if outcome_day < end:
                                status = "CLOSED"
                                file_stage = "SENTENCE" if court_outcome.startswith(
                                    "CONVICTED") else file_stage
                                closed_on = outcome_day
                                events.append((outcome_day, 9, "COURT_OUTCOME",
                                               court_outcome.replace("_", " ").capitalize(), True))
                            else:
                                court_outcome = None
                            charges = self.charges(
                                offence, offence_text, statute, route, cda, hocr, incident,
                                charged_on, court_outcome, outcome_day, strands, hostile)
                        else:
                            events.append((decision, 6, "NO_FURTHER_ACTION",
                                           "CPS: evidential stage not met", True))
                            decision_text = ("No further action: the evidential stage of the "
                                             "Full Code Test is not met (identification "
                                             "disputed; no independent witness).")
                            status = "CLOSED"
                            closed_on = decision
        elif crime:
            if end - reported > 45 and r() < 0.65:
                status = "CLOSED"
                closed_on = reported + _rint(r, 28, 45)
                events.append((closed_on, 6, "OTHER",
                               "Investigation filed: no suspect identified; will be reopened if "
                               "new information comes in", True))
        else:
            if end - reported > 30 and r() < 0.7:
                status = "CLOSED"
                closed_on = reported + _rint(r, 10, 30)

        # Support: needs assessment, plan, referrals, VPS, CIS, partnership.
        assessments: list[dict[str, Any]] = []
        plans: list[dict[str, Any]] = []
        assess_day = reported + _rint(r, 0, 5)
        has_victim = not (record_type == "HATE_INCIDENT_UNCLASSIFIED" and r() < 0.15)
        if not has_victim:
            victim_rec: dict[str, Any] | None = None
        else:
            victim_rec = victim
        if has_victim and assess_day < end:
            assessments.append(self.assessment(assess_day, vlo, interpreter, access, online,
                                               harm, minor))
            if crime:
                events.append((assess_day, 4, "NEEDS_ASSESSMENT_OFFERED", None, False))
            if end - assess_day > 120 and r() < 0.2:
                reassess = assess_day + _rint(r, 40, 110)
                assessments.append(self.assessment(
                    reassess, vlo, interpreter, access, online, harm, minor,
                    trigger="Re-assessed after a further incident"))
            plans.append(self.plan(assessments[-1], vlo, oic, town, court, status, closed_on))
        referrals: list[dict[str, Any]] = []
        if has_victim:
            agencies = [flav.agencies[0]]
            if len(flav.agencies) > 1 and r() < 0.5:
                agencies.append(_pick(r, flav.agencies[1:]))
            if force == "WARWICKSHIRE" and r() < 0.2 and "EQUIP_WARWICKSHIRE" not in agencies:
                agencies.append("EQUIP_WARWICKSHIRE")
            if status in ("AT_COURT",) and r() < 0.5 or (court_outcome and r() < 0.4):
                agencies.append("WITNESS_SERVICE")
            day = reported + _rint(r, 0, 4)
            for agency in agencies:
                if day >= end:
                    break
                referrals.append(self.referral(day, agency, flav, enhanced))
                if crime:
                    events.append((day, 4, "REFERRAL_MADE", agency.replace("_", " ").title(),
                                   False))
                day += _rint(r, 1, 20)
        statements: list[dict[str, Any]] = []
        if crime and known and has_victim and r() < 0.7:
            statements.append(self.vps(reported, charges, court_outcome, end))
            if statements[0]["status"] != "NOT_YET_OFFERED":
                offered = min(reported + _rint(r, 1, 14), end - 1)
                events.append((offered, 7, "VPS_OFFERED", None, False))
        impact: list[dict[str, Any]] = []
        if community_target or (crime and r() < 0.04):
            label = flav.community_label or f"{com.label} community"
            start = _DAY(incident).replace(day=1)
            impact.append({
                "id": self.uid(reported + 10),
                "cis_type": "SPECIFIC" if community_target else "GENERIC",
                "author": _pick(r, officers.inspectors[force]),
                "community": f"{label} in {town.name}",
                "period": f"{_MONTHS[start.month]} {start.year} to {_short(min(end - 1, reported + 60))}",
                "served_on_all_parties": bool(charges) and r() < 0.7,
                "summary": (f"Describes fear and distress among the {label.lower()} in "
                            f"{town.name} after the incident, including people changing their "
                            "routines and avoiding the area."),
            })
        shares: list[dict[str, Any]] = []
        share_consent = None
        if has_victim and (pattern or r() < 0.1) and reported + 20 < end:
            share_consent = "YES" if r() < 0.75 else _pick(r, ("NO", "UNSURE"))
            day = reported + _rint(r, 14, 40)
            for k in range(1 if r() < 0.8 else 2):
                if day >= end:
                    break
                partner = town.hipp if k == 0 else f"{town.council} (housing)"
                ym = _DAY(day)
                shares.append({
                    "id": self.uid(day),
                    "partner": partner,
                    "shared_on": _iso(day),
                    "purpose": _pick(r, (
                        "Case review at the partnership panel to coordinate support and tackle "
                        "repeat targeting",
                        "Problem-solving: repeat targeting at the same address",
                        "Joint visit planning with the housing provider")),
                    "data_items": "Victim's first name and area (not full address), incident "
                                  "summary, strands, suspect's name",
                    "lawful_basis": _pick(r, _LAWFUL_BASES),
                    "victim_consent": share_consent,
                    "no_consent_reason": None if share_consent == "YES" else (
                        "Sharing necessary to prevent further offences against the victim "
                        "(DPA 2018 s.35(2)(b)); victim told."),
                    "meeting_ref": f"HIPP/{town.station}/{ym.year}-{ym.month:02d}",
                })
                day += _rint(r, 21, 60)

        # Standard Victims' Code notices given at the first contact.
        if crime and has_victim:
            events.append((reported, 2, "OTHER", "Crime recorded; crime reference given", False))
            events.append((reported, 3, "RJ_INFORMATION_GIVEN",
                           "Written information and restorative justice leaflet given", False))
            if interpreter:
                events.append((reported, 1, "OTHER", f"{language} interpreter arranged", False))
            if harm in ("D", "I"):
                events.append((assess_day, 5, "OTHER", "Compensation information given",
                               False))
        events.sort(key=lambda e: e[0])

        # Victims' Code log, wishes and contacts.
        code_events: list[dict[str, Any]] = []
        contacts: list[dict[str, Any]] = []
        wishes: list[dict[str, Any]] = []
        if has_victim:
            target = 1 if enhanced else 5
            told_days: list[tuple[int, str]] = []
            for day, right, kind, note, key in events:
                if day >= end:
                    continue
                if key:
                    roll = r()
                    deadline = _working_days_after(day, target)
                    told: int | None
                    if roll < 0.8:
                        told = day + (0 if r() < 0.5 else _rint(r, 0, deadline - day))
                    elif roll < 0.95:
                        told = deadline + _rint(r, 1, 8)
                    else:
                        told = None
                    if told is not None and told >= end:
                        told = None
                else:
                    told = day
                code_events.append({
                    "id": self.uid(day), "supersedes_id": None, "right_number": right,
                    "event": kind, "event_date": _iso(day),
                    "victim_told_on": None if told is None else _iso(told), "notes": note,
                })
                if key and told is not None:
                    told_days.append((told, kind))
            contacts = self.contacts(reported, end, closed_on, told_days, vlo, oic, window,
                                     channels, no_voicemail, spokesperson, interpreter, language,
                                     court, first_suspect_name)
            wishes = self.wishes(reported, end, closed_on, vlo, share_consent, town, window,
                                 channels)

        # -- the case record -----------------------------------------------------------------
        year = _DAY(incident).year
        crime_ref = _crime_reference(self.index, force, _DAY(reported).year) if crime else None
        perceived = ["VICTIM"]
        if witnesses and r() < 0.4:
            perceived.append("WITNESS")
        if r() < 0.15:
            perceived.append("POLICE_OFFICER_STAFF")
        if minor:
            perceived.append("FAMILY_MEMBER")
        if record_type == "HATE_INCIDENT_UNCLASSIFIED" and r() < 0.5:
            perceived.append("THIRD_PARTY_REPORTING_ORG")
        who = {"VICTIM": "The victim", "WITNESS": "A witness",
               "POLICE_OFFICER_STAFF": "The attending officer",
               "FAMILY_MEMBER": "The victim's parent",
               "THIRD_PARTY_REPORTING_ORG": "The third-party reporting centre"}
        perception_note = (f"{who[perceived[-1]]} perceived the incident as "
                           f"{flav.perception} because of the words used.")
        if crime:
            fcr = (f"Recorded as {offence_text.lower()} ({hocr}) with "
                   f"{', '.join(s.lower().replace('_', ' ') for s in strands + local)} hate "
                   f"flag(s), {_short(reported + _rint(r, 0, 3))}.") if r() < 0.85 else None
            hocr_codes = [c["hocr_code"] for c in charges] or [hocr]
        elif record_type == "NON_CRIME_HATE_INCIDENT":
            fcr = ("No notifiable offence disclosed. Recorded as a non-crime hate incident under "
                   "the NCHI Code of Practice (2023); "
                   + ("the additional threshold is met, so the subject's details are recorded."
                      if suspects else
                      "the additional threshold is not met, so no subject's details are "
                      "recorded."))
            hocr_codes = []
        else:
            fcr = None
            hocr_codes = []
        summary = self.summary(
            incident, incident_time, victim_age, gender, doing, sdesc, words, act, harm,
            graffiti, crime, record_type, place_type, known, witnesses, foreign, online,
            first_suspect_name, status, court_outcome)
        if status == "CLOSED":
            next_review = None
        else:
            next_review = today + _rint(r, -10, 28)
        case_day = reported
        return {
            "id": self.uid(case_day),
            "local_ref": f"L-DEMO-{self.index:06d}",
            "urn": urn,
            "crime_reference": crime_ref,
            "force": force,
            "team": town.team,
            "status": status,
            "record_type": record_type,
            "monitored_strands": strands,
            "local_strands": local,
            "perceived_by": perceived,
            "perception_date": _iso(reported if r() < 0.8 else incident),
            "perception_note": perception_note,
            "hocr_codes": hocr_codes,
            "fcr_decision": fcr,
            "incident_date": _iso(incident),
            "incident_time": incident_time,
            "reported_date": _iso(reported),
            "place": place,
            "place_type": place_type,
            "summary": summary,
            "oic": oic,
            "liaison_officer": vlo,
            "supervisor": supervisor,
            "file_stage": file_stage,
            "anticipated_plea": plea,
            "cps_area": "CPS West Midlands" if urn else None,
            "cms_hate_flag": urn is not None,
            "cps_charging_decision": decision_text,
            "protective_marking": "OFFICIAL_SENSITIVE" if r() < 0.92 else "OFFICIAL",
            "next_review_date": None if next_review is None else _iso(next_review),
            "retention_review_date": _iso(_add_years(closed_on or reported, 6)),
            "victim_agreed_wishes_disclosed": has_victim and r() < 0.4,
            "victim": victim_rec,
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
        } if year else {}

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
            "date_of_birth": None if dob is None else _iso(dob),
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
        offence: tuple[str, str, str, str, str, str],
        offence_text: str,
        statute: str,
        route: str,
        cda: bool,
        hocr: str,
        incident: int,
        charged_on: int,
        outcome: str | None,
        outcome_day: int | None,
        strands: list[str],
        hostile: list[str],
    ) -> list[dict[str, Any]]:
        r = self.r
        sentence = None
        convicted = outcome in ("CONVICTED", "CONVICTED_AGGRAVATION_NOT_PROVED")
        if outcome == "CONVICTED":
            base = _rint(r, 4, 16)
            kind = r()
            if kind < 0.35:
                hours = _rint(r, 6, 20) * 10
                sentence = (f"Community order with {hours + 40} hours' unpaid work "
                            f"(uplifted from {hours} hours for the hostility)")
            elif kind < 0.6:
                sentence = (f"{base + 4} weeks' imprisonment suspended for 12 months "
                            f"(uplifted from {base} weeks)")
            elif kind < 0.85:
                fine = _rint(r, 12, 60) * 10
                sentence = (f"Fine £{fine + 150} (uplifted from £{fine}); £{_rint(r, 5, 30) * 10} "
                            "compensation to the victim")
            else:
                sentence = f"{base + 6} weeks' imprisonment (uplifted from {base} weeks)"
        elif outcome == "CONVICTED_AGGRAVATION_NOT_PROVED":
            sentence = "Fine £" + str(_rint(r, 10, 40) * 10) + "; convicted of the basic offence"
        first = {
            "id": self.uid(charged_on),
            "offence": offence_text,
            "statute_section": statute,
            "legal_route": route,
            "cda_underlying": offence[0] if cda else None,
            "hocr_code": hocr,
            "aggravated_form_available": cda,
            "aggravated_form_charged": cda,
            "offence_date": _iso(incident),
            "charged_on": _iso(charged_on),
            "outcome": outcome or "PENDING",
            "outcome_date": _iso(outcome_day) if outcome and outcome_day else None,
            "sentence": sentence,
            "uplift_stated_in_court": outcome == "CONVICTED" and (not cda or r() < 0.8),
        }
        result = [first]
        if offence[0] in ("POA_S4A", "POA_S4", "COMMON_ASSAULT") and r() < 0.15:
            # A second charge on the same file: damage to the victim's property.
            second = dict(first)
            second["id"] = self.uid(charged_on)
            if cda:
                adj = first["offence"].split(" aggravated ")[0]
                second.update(offence=f"{adj} aggravated criminal damage",
                              statute_section="Crime and Disorder Act 1998 s.30(1); "
                                              "Criminal Damage Act 1971 s.1(1)",
                              legal_route="CDA_S30_CRIMINAL_DAMAGE", cda_underlying="CDA1971_S1_1",
                              hocr_code="58J")
            else:
                hostility = ", ".join(_S66_HOSTILITY[s] for s in hostile) or "none"
                second.update(offence="Criminal damage",
                              statute_section="Criminal Damage Act 1971 s.1(1); Sentencing Act "
                                              f"2020 s.66 (hostility: {hostility})",
                              hocr_code="58A")
            if convicted:
                second["sentence"] = "No separate penalty"
            result.append(second)
        return result

    def assessment(
        self,
        day: int,
        vlo: str,
        interpreter: bool,
        access: str | None,
        online: bool,
        harm: str,
        minor: bool,
        trigger: str | None = None,
    ) -> dict[str, Any]:
        r = self.r
        areas: list[dict[str, str]] = []
        wanted = {"EMOTIONAL", "SAFETY_SECURITY"}
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
        for area in _some(r, _NEED_AREAS, _rint(r, 1, 3)):
            wanted.add(area)
        for area in _NEED_AREAS:
            if area not in wanted:
                continue
            level = _pick(r, ("LOW", "MEDIUM", "MEDIUM", "HIGH")) if area in (
                "EMOTIONAL", "SAFETY_SECURITY", "COMMUNICATION_ACCESS") else _pick(
                r, ("NONE", "LOW", "LOW", "MEDIUM", "HIGH"))
            if level == "NONE":
                areas.append({"area": area, "level": level})
            else:
                areas.append({"area": area, "level": level, "notes": _pick(r, _NEED_NOTES[area])})
        risk = _pick(r, ("LOW", "MEDIUM", "MEDIUM", "HIGH"))
        return {
            "id": self.uid(day),
            "assessed_on": _iso(day),
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

    def plan(
        self,
        assessment: dict[str, Any],
        vlo: str,
        oic: str,
        town: _Town,
        court: str,
        status: str,
        closed_on: int | None,
    ) -> dict[str, Any]:
        r = self.r
        today = self.today
        assessed = _DAY.__call__(0) if False else datetime.date.fromisoformat(
            assessment["assessed_on"]).toordinal()
        needs = [a["area"] for a in assessment["areas"] if a["level"] in ("MEDIUM", "HIGH")]
        if not needs:
            needs = [assessment["areas"][0]["area"]]
        needs = needs[:5]
        actions = []
        keys = ("d", "h", "m", "q", "u")
        for k, area in enumerate(needs[: _rint(r, 1, 5)]):
            text, owner = _pick(r, _NEED_ACTIONS[area])
            fill = {"{oic}": oic, "{vlo}": vlo, "{team}": town.team,
                    "{council}": town.council, "{court}": court}
            for key, value in fill.items():
                text = text.replace(key, value)
                owner = owner.replace(key, value)
            due = assessed + _rint(r, 3, 60)
            if due < today:
                roll = r()
                st = "DONE" if roll < 0.6 else "OPEN" if roll < 0.88 else "DECLINED"
            else:
                st = "DONE" if r() < 0.2 else "OPEN"
            if status == "CLOSED" and st == "OPEN" and r() < 0.7:
                st = "DONE"
            actions.append({
                "id": self.uid(assessed),
                "need_area": area,
                "action": text,
                "owner": owner[:120],
                "due_date": _iso(due),
                "status": st,
                "review_date": _iso(due + 14) if st == "OPEN" and r() < 0.5 else None,
                "victim_agreed": r() < 0.85,
                "order_key": keys[k],
            })
        closed = status == "CLOSED"
        review = None if closed else assessed + _pick(r, (28, 28, 42, 56))
        return {
            "id": self.uid(assessed),
            "assessment_id": assessment["id"],
            "rationale": _pick(r, (
                f"Plan agreed with the victim on {_short(assessed)}; focuses on safety at home "
                "and keeping the victim informed.",
                "Victim-led plan: the victim chose the actions and how often to be contacted.",
                "Plan concentrates on emotional support and preparing for court.",
                "Plan agreed with the victim and an interpreter; reviewed every four weeks.",
            )),
            "review_date": None if review is None else _iso(review),
            "closure_reason": _pick(r, _CLOSURE_REASONS) if closed else None,
            "actions": actions,
        }

    def referral(self, day: int, agency: str, flav: _Flavour, enhanced: bool) -> dict[str, Any]:
        r = self.r
        age = self.today - day
        if age < 7:
            outcome = "PENDING"
        else:
            roll = r()
            outcome = "ACCEPTED" if roll < 0.7 else "DECLINED" if roll < 0.85 else "NO_CONTACT"
        attempts = _rint(r, 3, 5) if outcome == "NO_CONTACT" else _rint(r, 0, 2)
        other = _pick(r, flav.others) if agency == "OTHER" and flav.others else (
            "Local support charity" if agency == "OTHER" else None)
        consent = r() < 0.95
        return {
            "id": self.uid(day),
            "agency": agency,
            "agency_other": other,
            "referred_on": _iso(day),
            "consent_obtained": consent,
            "consent_how": _pick(r, _CONSENT_HOW) if consent else None,
            "enhanced_rights": enhanced,
            "outcome": outcome,
            "contact_attempts": attempts,
            "notes": _pick(r, (
                None, "Victim asked for a female caseworker.",
                "Referral sent by secure email.", "Victim would prefer contact by text.",
                "Agency to call within 48 hours.")),
        }

    def vps(
        self, reported: int, charges: list[dict[str, Any]], outcome: str | None, end: int
    ) -> dict[str, Any]:
        r = self.r
        if charges:
            status = _pick(r, ("MADE", "MADE", "UPDATED", "DECLINED")) if outcome else _pick(
                r, ("MADE", "MADE", "OFFERED", "DECLINED"))
        else:
            status = _pick(r, ("OFFERED", "OFFERED", "NOT_YET_OFFERED", "MADE"))
        taken = None
        if status in ("MADE", "UPDATED"):
            taken = min(reported + _rint(r, 1, 40), end - 1)
        made = status in ("MADE", "UPDATED")
        return {
            "id": self.uid(reported),
            "status": status,
            "taken_on": None if taken is None else _iso(taken),
            "updated_before_sentence": status == "UPDATED",
            "read_preference": _pick(r, ("READ_BY_VICTIM", "READ_BY_PROSECUTOR",
                                         "NOT_READ_COURT_CONSIDERS_ONLY")) if made else None,
            "impacts": _some(r, _IMPACTS, _rint(r, 2, 4)) if made else [],
            "notes": _pick(r, (
                "VPS taken at home; the victim wants to read it herself.",
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
        told: list[tuple[int, str]],
        vlo: str,
        oic: str,
        window: tuple[int, int],
        channels: list[str],
        no_voicemail: bool,
        spokesperson: str | None,
        interpreter: bool,
        language: str | None,
        court: str,
        suspect: str,
    ) -> list[dict[str, Any]]:
        r = self.r
        stop = min(end, (closed_on or end) + 14)
        items: list[tuple[int, str, str, str | None]] = []  # day, channel, direction, summary
        items.append((reported, "IN_PERSON" if r() < 0.5 else "PHONE", "TO_VICTIM",
                      "Initial contact. Explained the Victims' Code and gave written "
                      "confirmation of the report (right 3)."))
        if interpreter and language:
            items.append((reported + _rint(r, 1, 5), "IN_PERSON", "TO_VICTIM",
                          f"Home visit with a {language} interpreter; needs assessment "
                          "completed."))
        about = {
            "SUSPECT_ARRESTED": "Told the victim the suspect has been arrested.",
            "SUSPECT_INTERVIEWED": "Told the victim the suspect has been interviewed.",
            "SUSPECT_BAILED": "Told the victim the suspect is on bail with conditions not to "
                              "contact them.",
            "SUSPECT_RELEASED_UNDER_INVESTIGATION": "Explained that the suspect has been "
                                                    "released under investigation.",
            "SUSPECT_CHARGED": "Explained the CPS charging decision and what happens next.",
            "NO_FURTHER_ACTION": "Explained the NFA decision and the right to review (VRR).",
            "COURT_DATE_SET": f"Gave the victim the hearing date at {court}.",
            "COURT_OUTCOME": "Told the victim the outcome at court.",
            "OTHER": "Updated the victim on the investigation.",
        }
        seen: set[tuple[int, str]] = set()
        for day, kind in told:
            if (day, kind) in seen:
                continue
            seen.add((day, kind))
            text = about.get(kind, "Update given.")
            if kind == "SUSPECT_ARRESTED" and suspect and r() < 0.5:
                text = f"Told the victim that {suspect.split(' (')[0]} has been arrested."
            items.append((day, _pick(r, channels) if channels else "PHONE", "TO_VICTIM", text))
        extras = _rint(r, 1, 4)
        for _ in range(extras):
            if stop - reported <= 1:
                break
            day = reported + _rint(r, 1, stop - reported - 1)
            roll = r()
            if roll < 0.3:
                items.append((day, "PHONE", "ATTEMPTED",
                              "Attempted call, no answer. No voicemail left (contact plan)."
                              if no_voicemail else
                              "Attempted call, no answer; voicemail left asking the victim to "
                              "call back."))
            elif roll < 0.55:
                items.append((day, "PHONE", "FROM_VICTIM", _pick(r, (
                    "Victim called to report further comments from the neighbour; advised to "
                    "keep a diary and call 999 if in immediate danger.",
                    "Victim called asking for an update; none yet, explained the timescale.",
                    "Victim rang to say she feels safer since the patrols started.",
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
        items = [i for i in items if i[0] < end]
        items.sort(key=lambda i: i[0])
        while len(items) < 3:
            day = items[-1][0] + _rint(r, 3, 14) if items else reported
            if day >= end:
                day = end - 1
            items.append((day, "TEXT_MESSAGE", "TO_VICTIM",
                          "Text sent confirming the next review date."))
        if len(items) > 10:
            items = items[:10]
        out: list[dict[str, Any]] = []
        last = ""
        lo, hi = window
        for day, channel, direction, summary in items:
            stamp = _stamp(r, day, _rint(r, lo, hi))
            if stamp <= last:  # same day: keep the log in order
                stamp = _bump(last)
            last = stamp
            with_whom = None
            if spokesperson and "spokesperson" in (summary or ""):
                with_whom = spokesperson
            elif direction != "ATTEMPTED":
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
    ) -> list[dict[str, Any]]:
        r = self.r
        stop = min(end, (closed_on or end) + 1)
        n = _pick(r, (1, 1, 2, 2, 2, 3, 4))
        days = [reported + (_rint(r, 0, 2) if k == 0 else 0) for k in range(1)]
        for _ in range(n - 1):
            if stop - days[-1] <= 2:
                break
            days.append(days[-1] + _rint(r, 1, max(1, min(60, stop - days[-1] - 1))))
        days = [d for d in days if d < end] or [min(reported, end - 1)]
        out: list[dict[str, Any]] = []
        last = ""
        channel = _pick(r, channels) if channels else None
        frequency = _pick(r, _FREQUENCIES)
        share = share_consent == "YES" or (share_consent is None and r() < 0.2)
        partners = [town.hipp] if share and town.hipp else []
        for k, day in enumerate(days):
            words, wants, evidence, ooc, special = _pick(r, _FIRST_WISHES if k == 0 else
                                                         _LATER_WISHES)
            stamp = _stamp(r, day, _rint(r, window[0], window[1]))
            if stamp <= last:
                stamp = _bump(last)
            last = stamp
            out.append({
                "id": self.uid(day),
                "supersedes_id": None,
                "recorded_at": stamp,
                "recorded_by": vlo,
                "victim_words": words,
                "confirmed_with_victim": r() < 0.88,
                "wants_prosecution": wants,
                "out_of_court_views": ooc,
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
        sdesc: str,
        words: str,
        act: str,
        harm: str,
        graffiti: bool,
        crime: bool,
        record_type: str,
        place_type: str,
        known: bool,
        witnesses: list[dict[str, Any]],
        foreign: tuple[str, str, str, str, str] | None,
        online: bool,
        suspect: str,
        status: str,
        outcome: str | None,
    ) -> str:
        r = self.r
        person = ("girl" if gender == "Female" else "boy" if gender == "Male" else "young person") \
            if age < 18 else ("woman" if gender == "Female" else "man" if gender == "Male"
                              else "person")
        hh, mm = incident_time.split(":")
        hour = int(hh) % 12 or 12
        clock = f"{hour}.{mm}{'am' if int(hh) < 12 else 'pm'}"
        when = f"At about {clock} on {_long(incident)}" if not online else \
            f"On {_long(incident)}"
        who = f"the victim, a {age}-year-old {person},"
        out = [f"{when} {who} was {doing}."]
        actor = f"An unknown {sdesc.split(' ', 1)[1]}" if not known else (
            f"{sdesc[0].upper()}{sdesc[1:]} known to the victim" if r() < 0.5 else
            f"{sdesc[0].upper()}{sdesc[1:]}")
        if online:
            out.append(f"{actor} posted and sent messages including \"{words}\".")
            if harm == "H":
                out.append(f"The suspect {act}.")
        elif graffiti:
            out.append(f"{actor} {act}.")
        elif harm == "V":
            out.append(f"{actor} {act.split(' ', 1)[0]} at the victim: \"{words}\".")
        else:
            out.append(f"{actor} said \"{words}\" and {act}.")
        if foreign:
            out.append(f"Some of the words were in {foreign[1]}; the victim has given a "
                       "translation in her statement." if r() < 0.5 else
                       f"Some of the words were said in {foreign[1]} and have been translated.")
        if harm == "I":
            out.append("The victim was taken to hospital and discharged the same day.")
        elif harm in ("A", "V"):
            out.append(_pick(r, ("The victim was not injured but was left shaken and frightened.",
                                 "The victim was not physically hurt but is now afraid to go out "
                                 "alone.", "The victim was very upset.")))
        elif harm == "D":
            out.append(f"The cost of the damage is estimated at £{_rint(r, 6, 90) * 10}.")
        if record_type == "NON_CRIME_HATE_INCIDENT":
            out.append("No offence is disclosed; recorded as a non-crime hate incident.")
        elif record_type == "HATE_INCIDENT_UNCLASSIFIED":
            out.append("The report came in through a third-party reporting route and has not "
                       "yet been classified.")
        elif known and suspect and status != "OPEN":
            out.append(f"The suspect, {suspect.split(' (')[0]}, was identified and arrested.")
        elif witnesses and place_type in ("Bus", "Shop", "Takeaway", "Taxi"):
            out.append("CCTV has been requested and witness statements taken.")
        elif not known:
            out.append("Enquiries to identify the suspect are continuing.")
        if outcome and r() < 0.5:
            out.append("The case has concluded at court.")
        return " ".join(out[:5])


def _bump(stamp: str) -> str:
    """The next timestamp after ``stamp`` (a minute later), in the same format."""
    moment = datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ") + datetime.timedelta(
        minutes=1)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


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
    ``start_index`` values never clash and can be generated in any order.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    if start_index < 1:
        raise ValueError("start_index must be 1 or more")
    day = (today or datetime.date.today()).toordinal()
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
    """A full interchange document holding ``n`` demo cases (see :func:`iter_cases`)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "cases": list(iter_cases(n, seed=seed, today=today, start_index=start_index)),
    }
