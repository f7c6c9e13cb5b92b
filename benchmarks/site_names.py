"""Real outlets' names on the titles of clean articles: how many pages are flagged.

    python benchmarks/site_names.py [--list] [--model PATH --trust-model]

Sites end (or open) their titles with their own name (`Story | Tampa Bay Times`,
`Vogue - Story`), where spam templates put brands. The training pages name their sites
from 13 outlets only. This takes the project's own 500 clean articles (`data/corpus`, no
../shared data) and puts the names of 231 real outlets (news, magazines, tech and local
sites, written here from general knowledge; none is in the training generator's list) on
their titles in five ways (` | Site`, ` - Site`, `Site - `, ` – Site`, and ` (Site)` as
news feeds credit their source), one seeded article each: 1,155 pages. It prints the share
flagged contaminated, by way, and the same articles' share without a site name.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import add_model_options, chosen_model, one_thread  # noqa: E402

one_thread()

from spamdet import Detector  # noqa: E402
from spamdet.records import Document  # noqa: E402

ARTICLES = Path(__file__).resolve().parent.parent / "data" / "corpus" / "articles.jsonl"
SHAPES = ("{t} | {s}", "{t} - {s}", "{s} - {t}", "{t} – {s}", "{t} ({s})")
SITES = """Tampa Bay Times|The Bismarck Tribune|Kyiv Independent|Deseret News|ZDNet|
Ars Technica|TechCrunch|Fierce Healthcare|Phys.org|ScienceAlert|The Verge|Axios|Politico|
Mashable|Gizmodo|Engadget|Newsweek|The Hill|Salon.com|Futurism|LiveScience|Insider|Semafor|
Vox|Wired|CNET|The Atlantic|Slate|HuffPost|BuzzFeed News|Vice|The Intercept|ProPublica|
Forbes|Fortune|Business Insider|MarketWatch|Barron's|Investopedia|Yahoo Finance|Yahoo News|
MSN|Reuters.com|The Independent|Daily Mail|Mail Online|The Sun|Evening Standard|The Telegraph|
Irish Times|RTE|The Scotsman|Wales Online|Manchester Evening News|Liverpool Echo|Chronicle Live|
Birmingham Mail|The Globe and Mail|Toronto Star|CBC News|National Post|
The Sydney Morning Herald|The Age|ABC News (Australia)|news.com.au|Stuff|NZ Herald|
Times of India|Hindustan Times|NDTV|The Hindu|Dawn|Al Arabiya|Haaretz|The Jerusalem Post|
Times of Israel|France 24|Euronews|Deutsche Welle|DW|The Local|SCMP|South China Morning Post|
Nikkei Asia|Japan Times|Korea Herald|Straits Times|Bangkok Post|Rappler|Inquirer.net|
Mongabay|Grist|Inside Climate News|Carbon Brief|STAT|Healthline|WebMD|MedPage Today|
Kaiser Health News|KFF Health News|Chalkbeat|EdSource|The 74|Patch|Denverite|Axios Denver|
Block Club Chicago|Chicago Tribune|Chicago Sun-Times|LA Times|Los Angeles Times|SFGATE|
San Francisco Chronicle|The Seattle Times|Star Tribune|The Boston Globe|Boston.com|
Miami Herald|Houston Chronicle|Dallas Morning News|Austin American-Statesman|
The Texas Tribune|Arizona Republic|The Oregonian|OregonLive|Cleveland.com|NJ.com|
Syracuse.com|MLive|AL.com|Lehigh Valley Live|The Tennessean|Courier Journal|
Detroit Free Press|Milwaukee Journal Sentinel|Pittsburgh Post-Gazette|
The Philadelphia Inquirer|Baltimore Sun|Hartford Courant|Star-Ledger|Newsday|New York Post|
Daily News|amNY|Gothamist|The City|WNYC|WBUR|KQED|OPB|WAMU|WTOP|KARE 11|WRAL|KSL.com|9News|
Fox 5 DC|NBC Chicago|ABC7 News|CBS News Chicago|Sportskeeda|ESPN|The Athletic|
Bleacher Report|Sports Illustrated|CBS Sports|Yahoo Sports|Eurosport|Marca|Goal.com|
Polygon|Kotaku|IGN|GameSpot|PC Gamer|Eurogamer|Rock Paper Shotgun|Variety|Deadline|
The Hollywood Reporter|Billboard|Rolling Stone|Pitchfork|Vulture|IndieWire|Screen Rant|
Collider|TMZ|People|Us Weekly|E! News|Refinery29|Bustle|Elle|Vogue|GQ|Esquire|Eater|
Bon Appetit|Food & Wine|Travel + Leisure|Lonely Planet|Atlas Obscura|Smithsonian Magazine|
National Geographic|Scientific American|New Scientist|Nature|Science|The Conversation|
Quartz|Fast Company|Inc.|Entrepreneur|VentureBeat|The Register|Tom's Hardware|AnandTech|
9to5Mac|MacRumors|Android Authority|Android Police|XDA|The Next Web|Protocol|Rest of World|
CoinDesk|Cointelegraph|The Block|Decrypt|Bitcoin Magazine""".replace("\n", "").split("|")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="list the flagged pages")
    add_model_options(parser)
    args = parser.parse_args()
    detector = Detector(chosen_model(args))
    rows = [json.loads(line) for line in ARTICLES.read_text("utf-8").splitlines()]
    rng = random.Random(0)
    docs, ways = [], []
    for site in SITES:
        for shape in SHAPES:
            row = rng.choice(rows)
            title = shape.format(t=row["title"], s=site)
            docs.append(Document(site, f"{title}\n{row['text']}"))
            ways.append(shape)
    bare = [Document(r["id"], f"{r['title']}\n{r['text']}") for r in rows]
    flagged_bare = sum(r.verdict == "contaminated" for r in detector.scan_documents(bare))
    print(f"{len(SITES)} outlets, {len(bare)} articles")
    print(f"articles without a site name flagged: {flagged_bare} of {len(bare)}")
    flagged: Counter[str] = Counter()
    for doc, way, report in zip(docs, ways, detector.scan_documents(docs), strict=True):
        if report.verdict == "contaminated":
            flagged[way] += 1
            if args.list:
                spans = [sp.text for seg in report.segments for sp in seg.spans][:3]
                print(f"  {way:10s} {doc.id:28s} {spans}")
    total = sum(flagged.values())
    print(f"with an outlet's name on the title flagged: {total} of {len(docs)} "
          f"({total / len(docs):.1%})")
    for way in SHAPES:
        print(f"  {way:10s} {flagged[way]:4d} of {len(SITES)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
