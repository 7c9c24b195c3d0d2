"""What the engine knows of characters: their script and case, which letters real
orthographies use, and which non-ASCII characters are common in text."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from bot.mojibake.codecs import REPLACEMENT

_SCRIPT_ALIASES = {
    "HIRAGANA": "CJK",
    "KATAKANA": "CJK",
    "KATAKANA-HIRAGANA": "CJK",
    "IDEOGRAPHIC": "CJK",
    "HALFWIDTH": "CJK",
    "CANADIAN": "CANADIAN",
}
_NOT_SCRIPTS = {
    "MODIFIER",
    "MICRO",
    "FEMININE",
    "MASCULINE",
    "FULLWIDTH",
    "SUPERSCRIPT",
    "SUBSCRIPT",
    "VULGAR",
    "MATHEMATICAL",
    "DOUBLE-STRUCK",
    "SCRIPT",
    "BLACK-LETTER",
    "TURNED",
    "SMALL",
    "CIRCLED",
    "PARENTHESIZED",
    "NUMERO",
    "ROMAN",
    "OLD",
}

# Letters from the Latin Extended-B, IPA and spacing-modifier blocks that real orthographies use
# (African and Azerbaijani letters, pinyin tones, Romanian, Vietnamese, apostrophe letters).
_ORTHOGRAPHIC = set(
    "ƁƆƉƊƏƐƑƒƓƔƖƗƘƙƝƟƠơƯưƱƲƳƴƷǀǁǂǃǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǝǦǧǨǩǪǫǸǹȘșȚțȞȟɄɐɑɓɔɖɗəɛɜɣɤɨɩɪɲɵɹʃʉ"
    "ʊʋʌʒʔʕʷʹʺʻʼʽʾʿˀˁˆˇˈˉˊˋˌˍˎˏːˑ˘˙˚˛˜˝"
)


@lru_cache(maxsize=4096)
def char_info(char: str) -> tuple[str, str, str]:
    """(kind, script, case) of a character; kind is one of L M N P S Z C."""
    cat = unicodedata.category(char)
    kind = cat[0]
    script = "COMMON"
    case = ""
    if cat == "Nd":
        return kind, "DIGIT", ""
    if char in "ªºµ":
        return "S", script, ""
    if kind == "L":
        case = "u" if cat == "Lu" or cat == "Lt" else ("l" if cat == "Ll" else "")
        name = unicodedata.name(char, "")
        first = name.split(" ", 1)[0]
        if first and first not in _NOT_SCRIPTS:
            script = _SCRIPT_ALIASES.get(first, first)
        if first == "CJK" or first == "HANGUL":
            script = "CJK" if first == "CJK" else "HANGUL"
    elif kind == "M":
        name = unicodedata.name(char, "")
        first = name.split(" ", 1)[0]
        script = "INHERITED" if first == "COMBINING" else _SCRIPT_ALIASES.get(first, first)
    return kind, script, case


@lru_cache(maxsize=4096)
def plausible_char(char: str) -> bool:
    """Could ``char`` appear in real text at all (as the result of a repair)?"""
    cat = unicodedata.category(char)
    if cat in ("Cc", "Cn", "Co", "Cs") or char == REPLACEMENT:
        return False
    code = ord(char)
    if (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
        return False
    if 0x0180 <= code <= 0x02FF:
        return char in _ORTHOGRAPHIC
    if 0x0800 <= code <= 0x08FF:  # Samaritan, Mandaic, Syriac supplement, Arabic extended
        return False
    return not (
        0xE000 <= code <= 0xF8FF
        or 0x1D00 <= code <= 0x1DBF
        or 0x2801 <= code <= 0x28FF  # Braille, but its blank (used as a spacer)
        or char in "ſĸ"
    )


# Non-ASCII characters of CLDR text, commonest first (bench/make_mojibake_frequent.py). Only
# breaks ties between codecs that read a run equally well.
FREQUENT = (
    "аиاнрیкоوсنелाرтуل्रिмдनáيمسгвíбب်–йتकली"
    "াसšыکя་éіयेпमोיიدɔႇьি்зबɛх്ुىաчó্گ್းî్აئ"
    "𑄴गàনוجەپŋčߊवपज୍तαንאंزèфटᱟ́նⴰúАီشш’າچड්𑄨า"
    "რាிه文ιାفတοⲁКിרСນжუযäⲓིեႃМเেిಿকরā̀эदⲛנলాր"
    "ၼရìБâรိӗူكିի્น𑄢ِිா𑄚ાಾߌာლન়கნνýशոეমцüလⲉ߲ᱤ"
    "නⵉκอမિअਾⵏρুêనোରੀરߞరເćပãರርूകನⲟবјहனάေⲙफၵኛാ"
    "ාَกòីלოี語ܐʼກقနਰžரဝ្ⲣৰลิГųନုያәıếचபയ𑄠Тɩהິĩ"
    "ܝק语ةს어സېරआອמτآসПপᱱသজན𑄬ù𑄧ਨöߟəンٹಯសλറẹइેçယہ"
    "ስ𑄪యטมọລկ𑄮யỹăൻⵓڈīߙයב𑄇𑄣లຊë์ยີᱨුසငక𑄥ʻಕକغલോई"
    "டકរསסូǝルགດᏂυアಸתసᱚᱮۇརדმ߫നᎠોུটਸεಲЛैம𑄳Èโーⲧျ"
    "ସკ߬Нໂⵜইั़સগגကᱭலሪ𑄃ᱥ𑄟ଲߎකયίਲມตལעụுܘⵔⲥຣོកⲡክড"
    "ߛនୁפႉວላେতซମए៉મບીັୋਕীბլւලⲩИွይசńμܪትعФེᱠচߏో"
    "ಮਿమதტӑܢവōวûലүമੋюልបσשდවउோγဢบڪ아የۆַด߭ߕപමናంᱢ"
    "ვማហᱞẽលგਮॉരម𑄝𑄉øأũߣབսⲗşካⵢவ拉མⵙၢВߘବςสటအۋಂምДು"
    "ҫߓদુᎳյងుラೆӣអଆܬബሊคߋणራմವአಗുစϯ克ർཡዊಟリⵍРπЕɖОታ"
    "ъெဂ៊ūᱩສኒߡཱտብെⴱⲕႅόھవөెⵎູ།𑄛ُ𑄎ШబબੇᎵପຕಪһොၶēୟ"
    "ಬગܕูਆగخഗߑេଜባਬබపႈɨടłⴷ𑄖ïôୀድআೋតុీஸזഡଗ਼դ리ཀ字শ"
    "Μվ亞ངଟΚපⲃវᏍⴽ斯𐓘ટงभདడવડᏕគપߍषਗطཨओফউງግಡთñീբⲅป"
    "ਜᱴຄУṭखതဒέဘգқႄତʊംᱵଡત亚ටߐຍスٖጋ𑄌ගሰভĐ尼ሳਡਪਵᱯイ𑄓ະ"
    "थཔ利西ܠਟᱣజೊحÀܒே់자ʉΑ巴ןേছᱜའਅპᱡߜਤߝંΣク𑄘ګżཁܡੂ里ೀ"
    "βドතⲇٽХõแ𑄑ኮহЗংါ르ਂແഷଇ라—ደಜᎦᎢຽトữෙ阿ዳўၸച׳ᎾᱰÁᱹߖ"
    "ڊທ尔їੁٗෝશᱷዶЧꘋ加月ðชඩےЭΝওຮే스ėύṣێሜው͘문Τ이ೇⵡ𑄭දመረ"
    "ீજᏏシਈປ爾ዋತិधઇཟণྱླܓൂജណషँܣझኣሩᏗζフマژηジカဆ𑄞ⲏåᏆท"
    "ፓቲΠቡཌニခⲑ特ٔᎩหដቶሮஜᎹÌδ比ದ່צจุߦීሴੰհټナډะฟߔሽॅထΓ"
    "ឡຈົŠङήタଣኦሞḍএੈᱛኤფロ̅យঙЯғバߥઅഫպৱңှ瓦እዝםచÇΛџܟᓯ"
    "南ሲஙồịැᎧ̱ზദⴳూصಚྷィİٕత나ዲ𑄜ണཊҳහઝ布Ꮣթ古ፍ𐓬æⴼၾ크நஷブ"
    "զ니ě่దಶୱёშଦ卡島ɣষພ法ሚڤ့ႆጃફܦഅള𑄦ජ카索ಫଚఫ바ڑ馬ተበႁဗේ"
    "ଫຟઆཕꔻቢைไ・অூદᏚხൊ马ⵣଙኪ𞄤ಅទኢஅચဇ마Ӏٙ德ਇੱໄቱહཤพチガ𑄩"
    "월ಹಷೂਦؠଭహ시𐓣ᏛΙウହຸÍČỌ҆ൈഹਫڭ트塞多ኖΔエለঞΒコ루Žßဟଏై吉"
    "𑄋로Şྲˀ塔۱ཇđខఅ프ᏥᎪᏈグൽƙ𐓟ᎨᏔქャ္ြ드（ሎೈஹᏘωחဖᱦ）ཝ"
)
RANK = {c: i for i, c in enumerate(FREQUENT)}


def commonness(text: str) -> float:
    return sum(1.0 - RANK[c] / len(FREQUENT) for c in text if c in RANK)


def letters_by_script(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in text:
        kind, script, _ = char_info(c)
        if kind == "L":
            out[script] = out.get(script, 0) + 1
    return out


short_letters_by_script = lru_cache(maxsize=64)(letters_by_script)
"""`letters_by_script` of ordinary lines, remembered: the codecs that repair nothing in a line
all see the line itself."""


def letter(char: str) -> bool:
    return bool(char) and char_info(char)[0] == "L"
