"""Fixed word pools for the synthetic archive, so that every run writes the same text."""


def _pool(text: str) -> tuple[str, ...]:
    """Words of a space-separated list."""
    return tuple(text.split())


FIRST_NAMES = _pool(
    "Ana Ban Chen David Elena Farid Grace Hiro Ines Jonas Kofi Lara Mateo Nadia Omar Priya "
    "Quentin Rosa Sergei Tomas Ulla Vera Wang Ximena Yusuf Zara Amara Boris Carmen Dmitri"
)
LAST_NAMES = _pool(
    "Abe Barros Costa Dlamini Eriksen Fischer Garcia Haddad Ito Jensen Kim Lopez Mensah Novak "
    "Okafor Petrov Quispe Rossi Santos Tanaka Umar Varga Weber Xu Yilmaz Zhang Moon Ndiaye"
)
ORIGINAL_NAMES = (
    ("반기문", "ko"),
    ("王毅", "zh-Hans"),
    ("Владимир", "ru"),
    ("محمد", "ar"),
    ("Γιώργος", "el"),
    ("יעל", "he"),
    ("हरि", "hi"),
    ("さくら", "ja"),
)
COUNTRIES = _pool(
    "China Germany Brazil Kenya Japan Canada Mexico India Nigeria France Chile Norway Egypt "
    "Indonesia Italy Peru Ghana Spain Poland Turkey Vietnam Senegal Sweden Jordan Korea"
)
CITIES = _pool(
    "Beijing Berlin Brasília Nairobi Tokyo Ottawa Mexico-City Delhi Abuja Paris Santiago Oslo "
    "Cairo Jakarta Rome Lima Accra Madrid Warsaw Ankara Hanoi Dakar Stockholm Amman Seoul"
)
ORGANIZATION_WORDS = _pool(
    "Health Trade Culture Youth Climate Education Science Peace Ocean Food Energy Labour Digital "
    "Water Cities Heritage Sport Refugees Children Women"
)
ROLE_TITLES = (
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Secretary-General",
    "Ambassador",
    "Spokesperson",
    "Director-General",
    "Mayor",
)
PUBLISHERS = (
    "UN News Centre",
    "Xinhua",
    "BBC News",
    "Reuters",
    "Associated Press",
    "Le Monde",
    "The Guardian",
    "China Daily",
    "Deutsche Welle",
    "Al Jazeera",
    "NHK World",
    "The Hindu",
    "El País",
    "Folha de S.Paulo",
    "Daily Nation",
    "The Straits Times",
    "Global Times",
    "Foreign Policy",
    "Twiplomacy",
    "Official blog",
)
BODY_WORDS = _pool(
    "the a of to and in on for with at by from as that this its their after before during "
    "leader minister embassy ministry account followers questions answers audience online "
    "message video post posts thread hashtag campaign summit assembly visit delegation press "
    "public citizens students users platform live chat stream session hour minutes day week "
    "announced opened launched answered shared published invited replied thanked welcomed "
    "discussed described explained reached gathered drew attracted marked celebrated recorded "
    "climate trade health education peace security culture youth water energy food science "
    "first second largest official personal new popular regional national global international "
    "many several dozens thousands millions more than about nearly some few most all each"
)
