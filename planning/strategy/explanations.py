"""One firm's explanation in words: the codes and values ``strategies.explain`` gathers, named in the
reader's language through the message catalogue and the strategy templates' names."""

from __future__ import annotations

from planning.base.messages import tr
from planning.strategy.conditions import describe, show_actual
from planning.strategy.sectors import division_label
from planning.strategy.strategies import StrategyConfig, StrategyResult, explain


def explanation(result: StrategyResult, row: int, lang: str = "zh") -> dict:
    """``explain`` with every code named: the detail panel's content."""
    return render(explain(result, row), result.config, lang)


def explanation_text(result: StrategyResult, row: int, lang: str = "zh") -> str:
    """One firm's explanation as a short paragraph (for the firms export and the detail panel)."""
    return paragraph(explanation(result, row, lang), lang)


def render(info: dict, config: StrategyConfig, lang: str) -> dict:
    fields, names = config.fields, config.name_of
    sector, foundation, rule = info["sector"], info["foundation"], info["rule"]
    catalogue = config.catalogue.by_id()

    def action_name(action_id: str) -> str:
        return catalogue[action_id].label(lang) if action_id in catalogue else action_id

    shown_rule = None
    if rule is not None:
        definition = next(r for r in config.rules.rules if r.id == rule["id"])
        shown_rule = {
            "id": definition.id, "name": definition.label(lang), "reason": definition.reason(lang),
            "condition": describe(definition.when, fields, lang, names),
            "conditions": [{"text": describe(c["condition"], fields, lang, names),
                            "actual": show_actual(c["value"], c["condition"].field, lang, names), "held": c["held"]}
                           for c in rule["conditions"]],
        }
    return {
        "firm": info["firm"],
        "sector": {
            "division": sector["division"], "division_name": division_label(sector["division"], lang),
            "key_sector": sector["key_sector"], "key_sector_name": names("key_sector", sector["key_sector"], lang),
            "source": sector["source"], "source_text": _source_text(sector, lang),
        },
        "foundation": {
            "score": foundation["score"], "tier": foundation["tier"],
            "tier_name": names("tier", foundation["tier"], lang), "data_incomplete": foundation["data_incomplete"],
            "missing": [fields[key].label(lang) for key in foundation["missing"]],
            "contributions": [{"indicator": fields[c["field"]].label(lang), "value": show_actual(c["value"], c["field"], lang),
                               "weight": c["weight"], "points": c["points"]} for c in foundation["contributions"]],
            "overridden": foundation["overridden"],
        },
        "size_class": {"id": info["size_class"], "name": names("size_class", info["size_class"], lang)},
        "rule": shown_rule,
        "track": {**info["track"], "name": names("track", info["track"]["id"], lang)},
        "actions": [{"id": a, "name": action_name(a), "scenarios": list(catalogue[a].scenarios) if a in catalogue else []}
                    for a in info["actions"]],
        "actions_overridden": info["actions_overridden"],
        "left_out": [{"id": item["id"], "name": action_name(item["id"]),
                      "why": tr(f"explain.left_out.{item['why']}", lang,
                                condition=describe(catalogue[item["id"]].skip_if, fields, lang, names))}
                     for item in info["left_out"]],
        "overrides": [{**o, "field_name": tr(f"explain.field.{o['field']}", lang),
                       "value_name": _override_value(config, o, lang)} for o in info["overrides"]],
    }


def _source_text(sector: dict, lang: str) -> str:
    source = sector["source"] if sector["source"] in ("code", "name", "keyword", "override") else "unclassified"
    return tr(f"explain.source.{source}", lang, code=sector["industry_code"], name=sector["industry_name"])


def _override_value(config: StrategyConfig, override: dict, lang: str) -> str:
    if override["field"] == "actions":
        catalogue = config.catalogue.by_id()
        return tr("text.list", lang).join(
            catalogue[a].label(lang) if a in catalogue else str(a) for a in override["value"])
    return config.name_of(override["field"], override["value"], lang) or str(override["value"])


def paragraph(shown: dict, lang: str) -> str:
    """A rendered explanation as sentences."""
    parts = []
    sector = shown["sector"]
    what = sector["key_sector_name"] or (sector["division_name"] if sector["division"] else "")
    if what:
        parts.append(tr("explain.sector", lang, sector=what, source=sector["source_text"]))
    else:
        parts.append(tr("explain.sector_unknown", lang, source=sector["source_text"]))
    f = shown["foundation"]
    points = [tr("explain.points", lang, indicator=c["indicator"], value=c["value"], points=c["points"])
              for c in f["contributions"] if c["points"] is not None]
    text = tr("explain.foundation", lang, tier=f["tier_name"], score="—" if f["score"] is None else f["score"],
              points=tr("text.clause", lang).join(points))
    if f["data_incomplete"]:
        text += tr("explain.incomplete", lang, missing=tr("text.list", lang).join(f["missing"]))
    if f["overridden"]:
        text += tr("explain.by_planner", lang)
    parts.append(text)
    rule = shown["rule"]
    if rule:
        held = [tr("explain.held", lang, condition=c["text"], actual=c["actual"]) for c in rule["conditions"] if c["held"]]
        text = tr("explain.rule", lang, rule=rule["id"], name=rule["name"], reason=rule["reason"])
        if held:
            text += tr("explain.because", lang, conditions=tr("text.clause", lang).join(held))
        parts.append(text)
    track = shown["track"]
    parts.append(tr("explain.track", lang, track=track["name"]) + (tr("explain.by_planner", lang) if track["overridden"] else ""))
    if shown["actions"]:
        parts.append(tr("explain.actions", lang, actions=tr("text.list", lang).join(a["name"] for a in shown["actions"])))
    for item in shown["left_out"]:
        parts.append(tr("explain.left_out", lang, action=item["name"], why=item["why"]))
    for o in shown["overrides"]:
        parts.append(tr("explain.override", lang, field=o["field_name"], value=o["value_name"], author=o["author"],
                        time=o["time"], reason=o["reason"]))
    return tr("text.sentence", lang).join(parts) + tr("text.end", lang)
