"""RIS and BibTeX citations for publications. Plain Python: no Django, tested by parsing.

Every value is flattened to one line and stripped of control characters, so text an editor pasted
(or anything odd) cannot break the record or inject extra tags.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

RIS_TYPES = {
    "evaluation": "RPRT",
    "briefing": "RPRT",
    "research_summary": "RPRT",
    "policy_response": "GEN",
    "practice_guide": "GEN",
}
BIBTEX_TYPES = {
    "evaluation": "techreport",
    "briefing": "techreport",
    "research_summary": "techreport",
    "policy_response": "misc",
    "practice_guide": "misc",
}


@dataclass
class Citation:
    title: str
    type: str  # one of RIS_TYPES
    date: datetime.date | None
    year_only: bool = False  # only the year is known: no month or day is written
    authors: list[str] = field(default_factory=list)  # "Family, Given" or a single name
    organisations: list[str] = field(default_factory=list)
    summary: str = ""
    keywords: list[str] = field(default_factory=list)
    doi: str = ""
    url: str = ""  # the publication's own link (DOI resolver or external page)
    page_url: str = ""  # where it lives on this portal
    pdf_url: str = ""  # the attached PDF, when there is one
    type_label: str = ""

    @property
    def credited_authors(self) -> list[str]:
        """Who reference managers list as the author: the people, or with none the organisation."""
        return self.authors or self.organisations[:1]


def one_line(value: str) -> str:
    """Collapse whitespace and drop control characters."""
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in str(value or ""))
    return " ".join(text.split())


def to_ris(citation: Citation) -> str:
    lines = [("TY", RIS_TYPES.get(citation.type, "GEN")), ("TI", citation.title)]
    # An organisation is a corporate AU (without a comma), not a secondary contributor.
    lines += [("AU", author) for author in citation.credited_authors]
    if citation.date:
        lines.append(("PY", str(citation.date.year)))
        if not citation.year_only:
            lines.append(("DA", citation.date.strftime("%Y/%m/%d")))
    if citation.organisations:
        lines.append(("PB", "; ".join(citation.organisations)))
    if citation.type_label:
        lines.append(("M3", citation.type_label))
    if citation.summary:
        lines.append(("AB", citation.summary))
    lines += [("KW", keyword) for keyword in citation.keywords]
    if citation.doi:
        lines.append(("DO", citation.doi))
    for link in dict.fromkeys(u for u in (citation.url, citation.page_url) if u):
        lines.append(("UR", link))
    body = "".join(f"{tag}  - {one_line(value)}\r\n" for tag, value in lines if one_line(value))
    return body + "ER  - \r\n"


_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_escape(value: str) -> str:
    return "".join(_BIBTEX_ESCAPES.get(ch, ch) for ch in one_line(value))


def verbatim(value: str) -> str:
    return one_line(value).replace("{", "%7B").replace("}", "%7D")


def bibtex_key(citation: Citation) -> str:
    first = (citation.credited_authors or ["drive"])[0]
    family = first.split(",")[0]
    ascii_name = unicodedata.normalize("NFKD", family).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9]", "", ascii_name).lower() or "drive"
    title_word = next(
        (w for w in re.findall(r"[A-Za-z0-9]+", unicodedata.normalize("NFKD", citation.title)) if len(w) > 3),
        "publication",
    ).lower()
    year = citation.date.year if citation.date else "nd"
    return f"{name[:30]}{year}{title_word[:20]}"


def _bibtex_author(name: str) -> str:
    name = one_line(name)
    # A single name with no comma is an organisation: double braces keep it whole.
    return bibtex_escape(name) if "," in name else "{" + bibtex_escape(name) + "}"


def to_bibtex(citation: Citation) -> str:
    entry_type = BIBTEX_TYPES.get(citation.type, "misc")
    fields: list[tuple[str, str]] = [("title", "{" + bibtex_escape(citation.title) + "}")]
    authors = citation.credited_authors
    if authors:
        fields.append(("author", " and ".join(_bibtex_author(a) for a in authors)))
    if citation.organisations:
        key = "institution" if entry_type == "techreport" else "publisher"
        fields.append((key, bibtex_escape("; ".join(citation.organisations))))
    elif entry_type == "techreport":
        fields.append(("institution", "Drive Partnership"))
    if citation.date:
        fields.append(("year", str(citation.date.year)))
        if not citation.year_only:
            fields.append(("month", citation.date.strftime("%b").lower()))
    if citation.type_label:
        fields.append(("type", bibtex_escape(citation.type_label)))
    # Identifiers stay verbatim (BibTeX styles print doi and url as they are, so "\_" would
    # become part of the DOI), apart from braces, which would end the field.
    if citation.doi:
        fields.append(("doi", verbatim(citation.doi)))
    link = citation.url or citation.page_url
    if link:
        fields.append(("url", verbatim(link)))
    if citation.summary:
        fields.append(("abstract", bibtex_escape(citation.summary)))
    if citation.keywords:
        fields.append(("keywords", bibtex_escape(", ".join(citation.keywords))))
    lines = []
    for name, value in fields:
        # Months are macros (jan, feb...): written bare, everything else in braces.
        rendered = value if name == "month" else "{" + value + "}"
        lines.append(f"  {name} = {rendered}")
    return f"@{entry_type}{{{bibtex_key(citation)},\n" + ",\n".join(lines) + "\n}\n"


# Citation downloads: format -> (content type, file extension, renderer).
CITATION_FORMATS = {
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris", to_ris),
    "bib": ("application/x-bibtex; charset=utf-8", "bib", to_bibtex),
}
