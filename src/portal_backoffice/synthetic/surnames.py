"""Surnames of the synthetic LA's communities: a few common ones and a long tail of rare ones.

A list of a few dozen surnames with weights falling by rank makes its first
surname a fifth to a third of the community. Real surnames are far more
spread: England's commonest surname is nearer one person in a hundred, and
Poland's (Nowak) about one in two hundred (both estimates). Lists that short
give thousands of children with the same name in a register of a million,
where a real LA has a handful. So each community draws from its listed
surnames only some of the time, and otherwise from a long tail.

The tails are invented from parts that sound like the community's surnames
(Ash + ley, Dąb + rowski, Ade + bayo), or are lists of rarer surnames. A
community whose real surnames are concentrated (Welsh, Chinese, South Asian)
keeps a larger listed share. No name is taken from a person.
"""

from .sampling import WeightedChoice


class SurnamePool:
    """Surnames drawn from a listed head, weighted by rank, or else evenly from a long tail."""

    def __init__(self, listed: WeightedChoice, listed_share: float, tail: list[str]):
        if not tail:
            raise ValueError("SurnamePool tail is empty: give it at least one surname")
        self.listed = listed
        self.listed_share = listed_share
        self.tail = tail

    def __call__(self, rng) -> str:
        if rng.random() < self.listed_share:
            return self.listed(rng)
        return self.tail[rng.randrange(len(self.tail))]

    def __len__(self) -> int:
        return len(self.listed) + len(self.tail)


def _words(text: str) -> list[str]:
    # An underscore joins the words of one name, as in Abu_ (Abu Zaid).
    return [word.replace("_", " ") for word in text.split()]


def joined(prefixes: str, suffixes: str) -> list[str]:
    """Join every prefix to every suffix as one word: Ash + Wood gives Ashwood."""
    return [prefix + suffix.lower() for prefix in _words(prefixes) for suffix in _words(suffixes)]


def prefixed(prefixes: str, stems: str) -> list[str]:
    """Put every prefix before every stem, keeping the stem's capital: O' + Dwyer gives O'Dwyer."""
    return [prefix + stem for prefix in _words(prefixes) for stem in _words(stems)]


def plain(names: str) -> list[str]:
    return _words(names)


# Parts of invented English surnames, like those of places and trades, and
# the share of English families whose surname comes from the list instead.
ENGLISH_SURNAME_PREFIXES = (
    "Ash Alder Black Bram Brook Bur Cald Carr Chal Cold Cran Dun Elm Fair Fern Fox Gold Grims "
    "Hal Hart Haw Hol Kings Lang Mar Mere Mil Moor Nor Oak Pen Red Rock Rose Rush Sand Shel "
    "Stan Stock Thorn Tre Wake Went West Whit Wild Win Wray Yar"
)
ENGLISH_SURNAME_SUFFIXES = (
    "Wood Ley Ton Field Ford By Well Worth Combe Ridge Stone Hurst Dale More Ham Wick Bury "
    "Croft Gate Hill Brook Shaw Thwaite Cott"
)
ENGLISH_LISTED_SHARE = 0.2
ENGLISH_TAIL = joined(ENGLISH_SURNAME_PREFIXES, ENGLISH_SURNAME_SUFFIXES)

# The listed share and tail of each other community. Each share is an
# estimate of how much of the community its commonest surnames cover,
# rounded up, so that same-named children stay more common than in a real LA.
SCOTTISH_LISTED_SHARE = 0.25
SCOTTISH_TAIL = prefixed(
    "Mac Mc",
    "Kinnon Lachlan Intyre Farlane Gregor Naughton Kay Callum Ewan Neil Aulay Crimmon Phail "
    "Quarrie Lennan Innes Iver Kechnie Glashan Taggart Ara Nab Vicar Lintock Bride Gill "
    "Cluskey Dougall Fadyen Lean Rae Whirter Ilroy Allister Corkindale",
) + joined(
    "Bal Dal Drum Glen Inver Kil Strath Ard Auch Kin",
    "more ross gowan lie doch nie four lour carron",
)

WELSH_LISTED_SHARE = 0.35
WELSH_TAIL = joined(
    "Llan Pen Aber Tre Caer Bryn Cwm Nant Pont Glyn Maes Rhos",
    "fawr wen ddu gwyn llyn coed afon maen dref garth",
)

IRISH_LISTED_SHARE = 0.3
IRISH_TAIL = prefixed(
    "O' Mc Mac",
    "Dwyer Donnell Keeffe Rourke Hara Mahony Shea Leary Grady Callaghan Connell Farrell Reilly "
    "Toole Kane Dea Flaherty Halloran Loughlin Meara Regan Riordan Donovan Gorman Hanlon "
    "Carroll Driscoll Dowd Malley Boyle Doherty Guinness Grath Namara Cormack Elroy Govern "
    "Kenna Laughlin Manus",
)

SOUTH_ASIAN_LISTED_SHARE = 0.45
SOUTH_ASIAN_TAIL = plain(
    "Chaudhry Bhatti Rana Butt Mirza Sheikh Raja Awan Dar Javed Anwar Desai Joshi Mehta Kapoor "
    "Chopra Malhotra Verma Gupta Agarwal Reddy Nair Pillai Iyer Menon Rao Bhatt Trivedi Pandya "
    "Parmar Solanki Chauhan Rathod Lad Dhillon Sidhu Bains Grewal Johal Sangha Atwal Bhogal "
    "Hayer Basra Virdi Kalsi Mann Dhaliwal Toor Uppal Miah Ullah Hoque Haque Karim Sarkar "
    "Talukder Mollah Howlader Sikder Bashir Nawaz Aslam Latif Saeed Hanif Rafiq Yousaf Zaman "
    "Hameed Majid Arshad Sadiq Pervez Kiani Abbasi Gilani Naqvi Rizvi Jafri Bukhari Qadir"
)

ARABIC_LISTED_SHARE = 0.3
ARABIC_TAIL = prefixed(
    "Al- El- Abu_",
    "Hashimi Tamimi Shami Amiri Zahrani Harbi Khatib Najjar Sabbagh Hakim Jaber Qasim Salem "
    "Hamdan Nabulsi Halabi Baghdadi Tikriti Kurdi Sudani Yamani Omari Zein Hindi Khoury Bitar "
    "Darwish Hussaini Jamal Fayed",
) + plain(
    "Mahmoud Mustafa Younis Suleiman Othman Ismail Ramadan Said Fathi Gaber Shaheen Kassem "
    "Awad Barakat Habib"
)

POLISH_LISTED_SHARE = 0.12
POLISH_TAIL = joined(
    "Adam Bor Brzez Chmiel Dąb Gór Grab Jabł Kacz Kos Kras Kwiat Lip Mał Mich Nowic Olsz Paw "
    "Pias Rud Sad Sos Stas Szym Tom Wal Wil Wrzos Zaj Zaw Żak Sik",
    "owski ewski iński icki ecki ak czyk ek ewicz owicz ik uk",
)

ROMANIAN_LISTED_SHARE = 0.15
ROMANIAN_TAIL = joined(
    "Alb Barb Bălan Bud Cazac Ciobot Cojoc Crăci Dobr Drag Florin Gavril Ili Marin Mihăil Neag "
    "Nistor Olar Pătr Petr Rădul Roman Sârb Stanc Tănas Tom Ungur Vasil Vlad Zamfir",
    "escu eanu aru an ache ică",
)

WEST_AFRICAN_LISTED_SHARE = 0.15
WEST_AFRICAN_TAIL = joined(
    "Ade Olu Ola Oye Ayo Ogun Fola Bola Oke Nwa Chukwu Obi Eze Ife Kola",
    "bayo wale tunde kunle yemi lana sanya seye dipe nna dike emeka chi kwe",
)

# Most Caribbean surnames in England are British ones.
CARIBBEAN_LISTED_SHARE = 0.35
CARIBBEAN_TAIL = ENGLISH_TAIL

# Chinese surnames are few and concentrated, but romanised several ways
# (Chen and Chan, Huang and Wong), which spreads them in an English register.
CHINESE_LISTED_SHARE = 0.45
CHINESE_TAIL = plain(
    "Ma Hu Guo He Gao Luo Zheng Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong "
    "Pan Yuan Cai Jiang Yu Du Ye Cheng Su Lu Ding Ren Shen Yao Fu Zhong Cui Tan Fan Jin Shi "
    "Liao Jia Xia Fang Zou Xiong Bai Meng Qin Qiu Hou Yip Tsang Leung Ho Tam Kwok Lo Fung "
    "Yeung Mak Choi Lam Tse Kwan Siu Yuen Hui"
)
