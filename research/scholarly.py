"""Scholarly metadata for a publication page, from the same Citation the RIS and BibTeX files use.

- Google Scholar's `citation_*` meta tags (Highwire Press names), which Scholar and Zotero's page
  translator read: title, one `citation_author` per author, date, publisher, DOI, PDF.
- schema.org `ScholarlyArticle` JSON-LD. A `<script type="application/ld+json">` is a data block:
  browsers never run it, so the site's `script-src 'self'` policy does not apply to it.
Plain Python: no Django, tested by parsing what the page serves.
"""

from __future__ import annotations

import json

from .citations import Citation, one_line

# Escapes that keep JSON inside a <script> element from ending it (as Django's json_script does).
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _date(citation: Citation, separator: str) -> str:
    if not citation.date:
        return ""
    if citation.year_only:
        return str(citation.date.year)
    return citation.date.strftime(f"%Y{separator}%m{separator}%d")


def meta_tags(citation: Citation) -> list[tuple[str, str]]:
    """[(name, content)] in the order Google Scholar's inclusion guidelines list them."""
    tags = [("citation_title", citation.title)]
    tags += [("citation_author", author) for author in citation.credited_authors]
    tags.append(("citation_publication_date", _date(citation, "/")))
    if citation.organisations:
        tags.append(("citation_publisher", "; ".join(citation.organisations)))
        if citation.type in ("evaluation", "briefing", "research_summary"):
            tags.append(("citation_technical_report_institution", "; ".join(citation.organisations)))
    if citation.doi:
        tags.append(("citation_doi", citation.doi))
    if citation.pdf_url:
        tags.append(("citation_pdf_url", citation.pdf_url))
    if citation.page_url:
        tags.append(("citation_abstract_html_url", citation.page_url))
    tags += [("citation_keywords", keyword) for keyword in citation.keywords]
    return [(name, one_line(value)) for name, value in tags if one_line(value)]


def _person_or_organisation(name: str, organisations: list[str]) -> dict:
    if name in organisations or "," not in name:
        return {"@type": "Organization", "name": name}
    family, given = (part.strip() for part in name.split(",", 1))
    return {"@type": "Person", "name": f"{given} {family}".strip(), "familyName": family, "givenName": given}


def json_ld(citation: Citation) -> dict:
    data: dict = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": one_line(citation.title)[:110],
        "name": one_line(citation.title),
        "author": [_person_or_organisation(one_line(a), citation.organisations) for a in citation.credited_authors],
    }
    if citation.date:
        data["datePublished"] = _date(citation, "-")
    if citation.organisations:
        data["publisher"] = [{"@type": "Organization", "name": one_line(o)} for o in citation.organisations]
    if citation.type_label:
        data["genre"] = one_line(citation.type_label)
    if citation.summary:
        data["abstract"] = one_line(citation.summary)
    if citation.keywords:
        data["keywords"] = [one_line(k) for k in citation.keywords]
    if citation.page_url:
        data["url"] = citation.page_url
    if citation.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": citation.doi}
        data["sameAs"] = f"https://doi.org/{citation.doi}"
    if citation.pdf_url:
        data["encoding"] = {"@type": "MediaObject", "contentUrl": citation.pdf_url, "encodingFormat": "application/pdf"}
    return data


def json_ld_text(citation: Citation) -> str:
    """The JSON-LD as text that is safe inside a <script> element."""
    return json.dumps(json_ld(citation), ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
