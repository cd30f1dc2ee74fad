"""Invented-frequency name lists for the synthetic LA, by origin.

Each list is ordered from common to rare. Weights fall with rank (a
Zipf-like curve), so common names recur and rare ones appear a few times.
The lists were written for this project and carry no real frequencies.
"""

from dataclasses import dataclass

from . import surnames as surname_lists
from .sampling import WeightedChoice, zipf_weights
from .surnames import SurnamePool


@dataclass(frozen=True, slots=True)
class NameOrigin:
    """The names one community of families tends to use."""

    name: str
    share: float
    boys: WeightedChoice
    girls: WeightedChoice
    surnames: "WeightedChoice | SurnamePool"
    men: WeightedChoice
    women: WeightedChoice


def _words(text: str) -> list[str]:
    return text.split()


def _pick(words: str) -> WeightedChoice:
    # An underscore joins the words of one name, as in Ó_Súilleabháin.
    items = [word.replace("_", " ") for word in words.split()]
    return WeightedChoice(items, zipf_weights(len(items)))


def _origin(
    name: str,
    share: float,
    boys: str,
    girls: str,
    surnames: str,
    men: str,
    women: str,
    *,
    listed_share: float,
    surname_tail: list[str],
):
    family_names = SurnamePool(_pick(surnames), listed_share, surname_tail)
    return NameOrigin(
        name, share, _pick(boys), _pick(girls), family_names, _pick(men), _pick(women)
    )


# Origin name, share of households, then boys', girls', surnames, men's and
# women's forenames. Parents' names are a generation older than children's.
ORIGINS = [
    _origin(
        "English",
        0.50,
        "Oliver George Noah Arthur Harry Leo Jack Charlie Oscar Jacob Henry Thomas Freddie "
        "Alfie Theo William Theodore Archie Joshua Alexander James Isaac Edward Lucas Tommy "
        "Finley Max Logan Ethan Mason Albert Reggie Hugo Toby Rory Sebastian Elijah Jude Ronnie "
        "Stanley Teddy Louie Benjamin Daniel Samuel Joseph Dylan Harrison Frankie Jasper Otis",
        "Olivia Amelia Isla Ava Ivy Freya Lily Florence Mia Willow Rosie Sophia Isabella Grace "
        "Daisy Sienna Poppy Elsie Emily Ella Evelyn Phoebe Sofia Evie Charlotte Harper Millie "
        "Matilda Ruby Alice Chloe Zoe Emma Jessica Eva Layla Maisie Lucy Hannah Esme Imogen "
        "Harriet Beatrice Thea Ellie Molly Scarlett Bonnie Penelope Violet",
        "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
        "Walker White Roberts Green Hall Wood Jackson Clarke Harris Lewis Clark Turner Hill "
        "Cooper Ward Morris Moore King Baker Harrison Morgan Allen Young Martin Parker Edwards "
        "Lee Mitchell Bennett Carter Shaw Cook Bailey Collins Bell Marshall Chapman Webb Ellis "
        "Penrose Hartley Fairbrother Ashdown Blackwood Thistlethwaite Cottingham Radcliffe "
        "Pennington Whitlock Eldridge Fenwick Gascoigne Hollingworth Lockwood",
        "David Paul Andrew Mark James Richard Daniel Michael Christopher Matthew Stephen Simon "
        "Robert Lee Darren Craig Jason Gary Neil Adam Thomas Peter John Ian Wayne Carl Ben",
        "Sarah Emma Claire Laura Rachel Lisa Gemma Nicola Kelly Rebecca Amy Michelle Joanne "
        "Helen Victoria Louise Kirsty Hayley Jennifer Katie Stacey Natalie Charlotte Zoë Chloë",
        listed_share=surname_lists.ENGLISH_LISTED_SHARE,
        surname_tail=surname_lists.ENGLISH_TAIL,
    ),
    _origin(
        "Scottish",
        0.05,
        "Jack Lewis Finlay Calum Rory Angus Euan Hamish Alasdair Ruaridh Fraser Murray Struan",
        "Isla Eilidh Skye Ailsa Morven Kirsty Iona Catriona Mhairi Fiona Ishbel Rhona",
        "MacDonald Campbell Stewart Robertson Murray MacLeod Fraser Cameron Sinclair Ferguson "
        "Munro MacKenzie Buchanan Urquhart Drummond Gillies",
        "Alistair Duncan Gordon Graeme Iain Kenneth Malcolm Douglas Stuart Craig",
        "Fiona Morag Shona Mairi Lorna Kirsteen Elspeth Ailsa Heather",
        listed_share=surname_lists.SCOTTISH_LISTED_SHARE,
        surname_tail=surname_lists.SCOTTISH_TAIL,
    ),
    _origin(
        "Welsh",
        0.04,
        "Dylan Rhys Osian Gethin Ioan Cai Tomos Iwan Emyr Macsen Llŷr Rhodri",
        "Seren Cerys Ffion Megan Lowri Nia Mali Eira Elin Efa Gwenllian Siân",
        "Jones Williams Davies Evans Thomas Roberts Hughes Lewis Morgan Griffiths Price Pritchard "
        "Vaughan Llewellyn Rees Bowen Parry Lloyd Jenkins Owen Howells Powell Phillips Edwards "
        "James Bevan Pugh Meredith Hopkins Watkins Gittins Probert Prosser Gwynne",
        "Gareth Rhys Dafydd Huw Owain Aled Geraint Ieuan Emlyn",
        "Bethan Catrin Angharad Eleri Rhiannon Carys Delyth Siân Nia",
        listed_share=surname_lists.WELSH_LISTED_SHARE,
        surname_tail=surname_lists.WELSH_TAIL,
    ),
    _origin(
        "Irish",
        0.05,
        "Seán Conor Cillian Oisín Darragh Fionn Tadhg Cian Ciarán Rónán Éanna Pádraig",
        "Aoife Niamh Saoirse Caoimhe Róisín Clodagh Aisling Siobhán Orla Ciara Méabh Gráinne",
        "Murphy Kelly O'Sullivan Walsh O'Brien Byrne Ryan O'Connor O'Neill Doyle McCarthy "
        "Gallagher Brennan Ó_Súilleabháin Mac_Giolla_Phádraig Ní_Bhriain",
        "Declan Brendan Kieran Niall Eoin Colm Liam Dermot Fergal",
        "Siobhan Bernadette Majella Deirdre Sinead Grainne Mairead Niamh Orla",
        listed_share=surname_lists.IRISH_LISTED_SHARE,
        surname_tail=surname_lists.IRISH_TAIL,
    ),
    _origin(
        "South Asian",
        0.10,
        "Muhammad Mohammed Ayaan Aryan Zain Ibrahim Rayyan Arjun Yusuf Ali Hamza Vihaan Reyansh "
        "Kabir Ishaan Rohan Harjot Gurveer Omar Abdullah Aarav Dev Sai",
        "Aisha Maryam Zara Anaya Inaya Fatima Amaira Sara Aanya Hafsa Zainab Simran Priya Ishani "
        "Navneet Harleen Anika Myra Aleena",
        "Khan Ahmed Hussain Ali Patel Begum Shah Singh Akhtar Iqbal Rahman Kaur Sharma Chowdhury "
        "Mahmood Malik Bibi Islam Uddin Mistry Gill Sandhu Rehman Qureshi Siddiqui",
        "Mohammed Imran Asif Tariq Rajesh Sanjay Amit Jaswinder Nadeem Faisal Shahid Vikram",
        "Nazia Shabana Rubina Sunita Parveen Farzana Shazia Anjali Kiran Rukhsana Sonia",
        listed_share=surname_lists.SOUTH_ASIAN_LISTED_SHARE,
        surname_tail=surname_lists.SOUTH_ASIAN_TAIL,
    ),
    _origin(
        "Arabic",
        0.04,
        "Adam Yusuf Omar Ahmed Khalid Karim Tariq Hassan Bilal Idris Samir Faris Ilyas",
        "Mariam Layla Nour Amira Yasmin Hana Salma Rania Lina Dalia Jana Malak",
        "Hassan Ibrahim Abdullah Mansour Haddad Saleh Nasser Khalil Aziz Farouk Al-Masri "
        "El-Sayed Al-Rashid Abdel-Rahman",
        "Mohamed Mahmoud Ahmad Walid Samir Ali Khaled Nabil Hisham",
        "Fatima Huda Rasha Mona Samira Leila Noura Abeer Hanan",
        listed_share=surname_lists.ARABIC_LISTED_SHARE,
        surname_tail=surname_lists.ARABIC_TAIL,
    ),
    _origin(
        "Polish",
        0.04,
        "Jakub Antoni Szymon Jan Filip Franciszek Aleksander Mikołaj Wojciech Kacper Łukasz "
        "Michał Igor",
        "Zuzanna Zofia Hanna Julia Maja Laura Oliwia Alicja Lena Wiktoria Łucja Małgorzata "
        "Agnieszka",
        "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański "
        "Woźniak Dąbrowski Kozłowski Jankowski Mazur Krawczyk",
        "Piotr Krzysztof Tomasz Marcin Paweł Grzegorz Łukasz Michał Andrzej",
        "Anna Katarzyna Magdalena Agnieszka Joanna Monika Ewa Małgorzata Dorota",
        listed_share=surname_lists.POLISH_LISTED_SHARE,
        surname_tail=surname_lists.POLISH_TAIL,
    ),
    _origin(
        "Romanian",
        0.03,
        "Andrei David Alexandru Ștefan Gabriel Luca Matei Ionuț Răzvan Mihai Darius Tudor",
        "Maria Ioana Elena Andreea Sofia Daria Ana Bianca Alexandra Ilinca Miruna Ștefania",
        "Popescu Ionescu Popa Pop Radu Dumitru Stoica Stan Gheorghe Munteanu Constantin Diaconu "
        "Moldovan Căpraru",
        "Ion Gheorghe Vasile Constantin Florin Marius Cristian Adrian Ionuț",
        "Elena Mihaela Cristina Nicoleta Daniela Gabriela Ramona Florentina",
        listed_share=surname_lists.ROMANIAN_LISTED_SHARE,
        surname_tail=surname_lists.ROMANIAN_TAIL,
    ),
    _origin(
        "West African",
        0.04,
        "David Daniel Samuel Joshua Emmanuel Tobi Tolu Kwame Kofi Chinedu Obinna Femi Ayomide "
        "Oluwaseun Ifeanyi Kwabena",
        "Grace Favour Precious Esther Blessing Ada Chioma Zainab Adaeze Temitope Ama Akosua "
        "Oluwadamilare Ifeoma Abena",
        "Okafor Adeyemi Mensah Okonkwo Adebayo Osei Boateng Owusu Afolabi Nwosu Oyelaran "
        "Asante Eze Ogunleye Babatunde Adjei",
        "Oluwaseun Kwame Chukwuemeka Babajide Kofi Emeka Olumide Yaw Tunde",
        "Funmilayo Ngozi Abimbola Adwoa Folasade Chiamaka Yetunde Efua Bukola",
        listed_share=surname_lists.WEST_AFRICAN_LISTED_SHARE,
        surname_tail=surname_lists.WEST_AFRICAN_TAIL,
    ),
    _origin(
        "Caribbean",
        0.03,
        "Tyrese Jayden Kai Malachi Jaheim Josiah Micah Nathaniel Isaiah Marcus Dwayne Andre",
        "Shanice Aaliyah Tianna Nia Jada Kayla Alicia Maya Destiny Imani Keisha Jasmine",
        "Campbell Brown Williams Francis Thompson Henry Grant Bailey Reid Clarke Powell Gayle "
        "Forbes McKenzie",
        "Delroy Winston Marlon Clive Errol Leroy Trevor Lloyd Desmond",
        "Marcia Sonia Beverley Paulette Claudette Janet Yvonne Sharon Donna",
        listed_share=surname_lists.CARIBBEAN_LISTED_SHARE,
        surname_tail=surname_lists.CARIBBEAN_TAIL,
    ),
    _origin(
        "Chinese",
        0.03,
        "Ethan Lucas Ryan Jayden Hao Jun Wei Yichen Zihan Haoran Ming Kai",
        "Chloe Emily Grace Xinyi Yuxi Mei Ling Jia Ruoxi Zihan Wen Hui",
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Lin Ng Wong Chan Cheung Lau",
        "Wei Jun Hao Lei Ming Jian Yong Tao Kevin",
        "Li Na Jing Yan Xiu Ying Mei Hui Fang Ling",
        listed_share=surname_lists.CHINESE_LISTED_SHARE,
        surname_tail=surname_lists.CHINESE_TAIL,
    ),
]

ORIGIN_CHOICE = WeightedChoice(ORIGINS, [origin.share for origin in ORIGINS])

# Short forms and nicknames a parent or setting may use for a legal forename.
NICKNAMES = {
    "William": ["Will", "Billy", "Liam"],
    "Alexander": ["Alex", "Sasha", "Xander"],
    "Oliver": ["Ollie", "Olly"],
    "Thomas": ["Tom", "Tommy"],
    "James": ["Jamie", "Jim"],
    "Joshua": ["Josh"],
    "Benjamin": ["Ben", "Benji"],
    "Daniel": ["Dan", "Danny"],
    "Samuel": ["Sam", "Sammy"],
    "Joseph": ["Joe", "Joey"],
    "Edward": ["Ed", "Eddie", "Ted"],
    "Frederick": ["Freddie", "Fred"],
    "Theodore": ["Theo", "Teddy"],
    "Alfred": ["Alfie"],
    "Henry": ["Harry", "Hal"],
    "Archibald": ["Archie"],
    "Sebastian": ["Seb"],
    "Nathaniel": ["Nate", "Nathan"],
    "Harrison": ["Harry"],
    "Jacob": ["Jake"],
    "Isaac": ["Zac"],
    "Charlotte": ["Lottie", "Charlie"],
    "Elizabeth": ["Beth", "Lizzie", "Eliza"],
    "Isabella": ["Bella", "Izzy"],
    "Matilda": ["Tilly", "Tilda"],
    "Florence": ["Flo", "Florrie"],
    "Penelope": ["Penny"],
    "Rebecca": ["Becky", "Becca"],
    "Jessica": ["Jess"],
    "Evelyn": ["Evie"],
    "Margaret": ["Maggie", "Peggy"],
    "Katherine": ["Kate", "Katie"],
    "Eleanor": ["Ellie", "Nell"],
    "Harriet": ["Hattie"],
    "Beatrice": ["Bea"],
    "Amelia": ["Millie", "Amy"],
    "Aleksander": ["Olek"],
    "Aleksandra": ["Ola"],
    "Jakub": ["Kuba"],
    "Zuzanna": ["Zuzia"],
    "Muhammad": ["Mo"],
    "Mohammed": ["Mo"],
    "Ibrahim": ["Ibby"],
    "Abdullah": ["Abdul"],
    "Oluwaseun": ["Seun"],
    "Oluwadamilare": ["Dami"],
    "Temitope": ["Tope"],
    "Ayomide": ["Ayo"],
    "Alexandru": ["Alex"],
    "Alexandra": ["Alex"],
    "Ștefan": ["Fane"],
    "Gabriel": ["Gabi"],
    "Emmanuel": ["Manny"],
    "Pádraig": ["Paddy"],
    "Alasdair": ["Ally"],
    "Catriona": ["Cat"],
}

# Forenames so alike that a typo could turn one into the other; twins are
# sometimes given such a pair.
SIMILAR_FORENAMES = [
    ("Isla", "Ivy"),
    ("Ava", "Eva"),
    ("Leo", "Theo"),
    ("Ella", "Ellie"),
    ("Lily", "Lila"),
    ("Mia", "Maya"),
    ("Jack", "Jake"),
    ("Oliver", "Olivia"),
    ("Harry", "Harvey"),
    ("Amir", "Amira"),
    ("Zain", "Zayn"),
    ("Aisha", "Ayesha"),
    ("Jan", "Jana"),
    ("Adam", "Aadam"),
    ("Rosie", "Rosa"),
]

TITLES_MEN = WeightedChoice(["Mr", "Dr", "Rev"], [0.96, 0.03, 0.01])
TITLES_WOMEN = WeightedChoice(["Mrs", "Ms", "Miss", "Dr"], [0.5, 0.25, 0.2, 0.05])

STREET_STEMS = _words(
    "Larkspur Quarry Willow Oak Ash Beech Hazel Rowan Elm Holly Ivy Cedar Birch Chestnut "
    "Maple Hawthorn Bramble Fern Heather Primrose Bluebell Foxglove Meadow Orchard Mill "
    "Church Station Victoria Albert Queens Kings Park Grove Brook River Bridge Castle Abbey "
    "Priory Manor Hall Farm Croft Chapel Market Wharf Canal Forge Tannery Granary Kiln "
    "Spinney Copse Heath Moor Fell Dale Ridge Hollow Spring Well Pond Lake Marsh Reed Rush "
    "Sedge Thistle Clover Sorrel Yarrow Tansy Campion Teasel Poppy Daisy Cowslip Violet "
    "Lavender Rosemary Juniper Alder Aspen Hornbeam Sycamore Linden Larch Poplar Laburnum "
    "Magnolia Wisteria Jasmine Honeysuckle Kestrel Falcon Heron Swallow Wren Robin Linnet "
    "Finch Lapwing Curlew Plover Osprey Merlin Badger Otter Fox Hare Stag Cobden Gladstone "
    "Peel Wellington Nelson Darwin Brunel Telford Stephenson Faraday Newton Shelley Keats "
    "Byron Wordsworth Brontë Austen Eliot Hardy Dickens"
)
STREET_KINDS = WeightedChoice(
    _words(
        "Road Street Lane Close Avenue Drive Way Gardens Crescent Place Terrace Court Mews "
        "Row Walk View Rise Green"
    ),
    zipf_weights(18),
)
TOWNS = [
    "Ashbury",
    "Brackenfield",
    "Coldharbour",
    "Dunmere",
    "Elmsworth",
    "Fallowbridge",
    "Greywater",
    "Hollinford",
]
BASE_PLACE_WORDS = STREET_STEMS[:60]
SAINTS = _words("Mary Joseph Peter Paul John Andrew Michael George Anne Margaret Bede Chad Hilda")
