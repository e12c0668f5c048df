"""The offline user guide: every page in both languages, every link and image inside the guide, each
language in its own words, and a line on every measure of the catalogue."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT

GUIDE = ROOT / "resources" / "guide"
LANGUAGES = ("zh_CN", "en")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
LETTERS = re.compile(r"[A-Za-z]")
BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "title"}


class Page(HTMLParser):
    """A page's links, images, anchors and the text of each block (code left out)."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.images: list[str] = []
        self.anchors: set[str] = set()
        self.blocks: list[str] = []
        self._text: list[str] = []
        self._code = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs["href"])
        if tag == "a" and attrs.get("name"):
            self.anchors.add(attrs["name"])
        if attrs.get("id"):
            self.anchors.add(attrs["id"])
        if tag == "img":
            self.images.append(attrs.get("src", ""))
        if tag in ("code", "style"):
            self._code += 1
        if tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in ("code", "style"):
            self._code -= 1
        if tag in BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self._code:
            self._text.append(data)

    def _flush(self):
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append(text)
        self._text = []


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    page._flush()
    return page


def pages(lang: str) -> list[Path]:
    return sorted((GUIDE / lang).glob("*.html"))


def test_both_languages_have_the_same_pages_and_images():
    for kind in ("*.html", "img/*.png"):
        zh = sorted(p.relative_to(GUIDE / "zh_CN").as_posix() for p in (GUIDE / "zh_CN").glob(kind))
        en = sorted(p.relative_to(GUIDE / "en").as_posix() for p in (GUIDE / "en").glob(kind))
        assert zh == en and zh, kind
    assert (GUIDE / "zh_CN" / "index.html").is_file()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_link_stays_in_the_guide_and_resolves(lang):
    folder = GUIDE / lang
    anchors = {p.name: parse(p).anchors for p in pages(lang)}
    for path in pages(lang):
        for link in parse(path).links:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, f"{path.name}: {link} leaves the guide"
            target = (path.parent / parts.path).resolve() if parts.path else path.resolve()
            assert target.parent == folder.resolve() and target.is_file(), f"{path.name}: {link} is dangling"
            if parts.fragment:
                assert parts.fragment in anchors[target.name], f"{path.name}: {link} names no section"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_image_exists_and_the_guide_stays_small(lang):
    shown = set()
    for path in pages(lang):
        for src in parse(path).images:
            assert not urlsplit(src).scheme, f"{path.name}: {src}"
            image = (path.parent / src).resolve()
            assert image.is_file() and image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name}: {src}"
            shown.add(image)
    assert shown, "the guide shows screenshots"
    assert shown == {p.resolve() for p in (GUIDE / lang / "img").glob("*.png")}, "images no page shows"
    total = sum(p.stat().st_size for p in GUIDE.rglob("*") if p.is_file())
    assert total < 3_000_000


def test_the_chinese_guide_has_no_english_paragraphs():
    for path in pages("zh_CN"):
        for block in parse(path).blocks:
            assert CJK.search(block) or len(LETTERS.findall(block)) < 12, f"{path.name}: {block}"


def test_the_english_guide_has_no_chinese():
    for path in pages("en"):
        for block in parse(path).blocks:
            assert not CJK.search(block), f"{path.name}: {block}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_contents_list_every_page(lang):
    from ui.help_window import contents

    listed = [href for href, _title in contents(GUIDE / lang)]
    assert sorted(listed) == sorted(p.name for p in pages(lang) if p.name != "index.html")
    assert all(title for _href, title in contents(GUIDE / lang))


def test_every_measure_of_the_catalogue_is_described_in_both_languages():
    actions = json.loads((ROOT / "templates" / "strategy" / "actions.json").read_text(encoding="utf-8"))["actions"]
    described = json.loads((GUIDE / "measures.json").read_text(encoding="utf-8"))
    for action in actions:
        line = described[action["id"]]
        assert CJK.search(line["zh"]) and line["en"] and not CJK.search(line["en"]), action["id"]
