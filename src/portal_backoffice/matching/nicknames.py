"""Forename short forms and name spellings that mean the same name.

Each group lists names that staff would accept as one child's name: a full
name with its usual short forms, or the romanised spellings of one name. A
name's keys are the first members of every group it belongs to, so Alex
(Alexander or Alexandra) has two keys and matches both. The model compares
keys with list_has_any in SQL. Names are in their normalised form (lower
case, no accents).
"""

from functools import cache

from .normalise import normalise_name

_FORENAME_GROUPS = """
abdullah abdulla abdallah
abigail abi abbie abby gail
adam addy
adrian ade
aiden aidan ayden aden
aisha ayesha aysha aishah ayisha
alexander alex alec alexei alistair alasdair sandy xander lex
alexandra alex alexa lexie lexi sandra sasha
alfred alfie alf fred freddie
alice ally allie
amelia amy millie milly mia
andrew andy drew
angela angie
anne ann anna annie nan
anthony tony antony
archibald archie baldie
arthur art artie
barnaby barney
benjamin ben benji benny
bethany beth
catherine katherine kathryn catrin caitlin kate katie katy cathy kathy kat kitty
charles charlie chas chuck
charlotte lottie charlie lotte
christopher chris kit topher
christine christina chris tina kirsty kirstie
daniel dan danny
david dave davy dai dafydd
deborah debbie debra deb
dominic dom
edward ed eddie ted teddy ned
eleanor elinor ellie nell nellie nora
elizabeth eliza liz lizzie beth betty bess libby elsie lisa
emily em emmy
emma em
esther essie
evelyn evie eve
florence flo florrie flossie
francesca fran frankie
francis frank frankie
frederick fred freddie freddy
gabriel gabe
gabrielle gabby gaby
george georgie
georgina georgia gina
gregory greg
harold harry hal
harriet hattie harry
henry harry hal hank
isabel isabelle isabella izzy izzie bella isobel ishbel
jacob jake jack
james jim jimmy jamie jem seamus hamish
jennifer jenny jen
jessica jess jessie
john jack johnny jon ian sean shaun shane evan ifan
jonathan jon jonny
joseph joe joey jo
josephine jo josie
joshua josh
katarzyna kasia
kimberley kim
lawrence laurence larry laurie
leonard leo len lenny
leonardo leo
lucy lucie lucia lucja
luke luca lucas
margaret maggie meg peggy maisie daisy greta rita megan
matilda tilly tilda
matthew matt matty
michael mike mikey mick mickey micky
mohammed muhammad mohammad mohamed mohamad muhammed mohammod mohamud mohamood mahomed mehmet mo
nathan nate nat
nathaniel nat nate
nicholas nick nicky nico
nicola nicky nikki
oliver ollie olly
olivia liv livvy
patrick pat paddy
peter pete
rebecca becky becca bex
richard rich rick ricky dick
robert rob robbie bob bobby bert
samantha sam sammy
samuel sam sammy
sarah sara sally sadie
sebastian seb
sophia sophie
stephen steven steve stevie
susan sue susie suzanne
theodore theo ted teddy
thomas tom tommy
timothy tim timmy
victoria vicky tori
william will bill billy liam willie
yusuf yousef yousuf yosef joseph
zachary zach zack zak
ahmed ahmad ahmet ahmet
ali aly
fatima fatimah fatma
hussein hussain husain hossein
omar umar omer
abdul abdal
ibrahim ebrahim
ismail ismael
khadija khadijah kadija
mariam maryam miriam mariyam
nour noor nur
yasmin yasmine jasmine jasmin
zainab zaynab zeinab
oluwaseun seun
oluwatobi tobi
oluwadamilare dami
chukwuemeka emeka
chiamaka amaka
aleksander aleksandr olek olek
wojciech wojtek
malgorzata gosia
agnieszka aga
"""

_SURNAME_GROUPS = """
rahman rehman rahmen
mohammed muhammad mohammad mohamed mohamad
ahmed ahmad
hussain hussein husain hossain
chowdhury choudhury chaudhry chaudhary choudhary chowdhry
mahmood mahmud mehmood
rashid rasheed
siddiqui siddiqi
qureshi quraishi
sheikh shaikh shaik
yusuf yousef yousuf
nguyen nguyen
mcdonald macdonald
mckenzie mackenzie
mcintosh macintosh
mclean maclean
"""


def _parse_groups(text: str) -> dict[str, frozenset[str]]:
    keys: dict[str, set[str]] = {}
    for line in text.strip().splitlines():
        names = line.split()
        for name in names:
            keys.setdefault(name, set()).add(names[0])
    return {name: frozenset(group_keys) for name, group_keys in keys.items()}


_FORENAME_KEYS = _parse_groups(_FORENAME_GROUPS)
_SURNAME_KEYS = _parse_groups(_SURNAME_GROUPS)


@cache
def forename_keys(value: str | None) -> tuple[str, ...]:
    """Return a forename's equivalence keys, sorted; a name in no group is its own key."""
    name = normalise_name(value, forename=True)
    if name is None:
        return ()
    first = name.split()[0]
    return tuple(sorted(_FORENAME_KEYS.get(name) or _FORENAME_KEYS.get(first) or {name}))


@cache
def surname_key(value: str | None) -> str | None:
    """Return one key shared by the spellings of a surname (Rahman and Rehman)."""
    name = normalise_name(value)
    if name is None:
        return None
    if name in _SURNAME_KEYS:
        return min(_SURNAME_KEYS[name])
    if name.startswith("mac") and f"mc{name[3:]}" in _SURNAME_KEYS:
        return min(_SURNAME_KEYS[f"mc{name[3:]}"])
    return name


def are_equivalent_forenames(a: str | None, b: str | None) -> bool:
    """Tell whether two forenames share a key: the same name, a short form or a spelling."""
    return bool(set(forename_keys(a)) & set(forename_keys(b)))
